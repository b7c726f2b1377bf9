// Seed corpora for `make fuzz` (fuzz/corpus/<target>/, git-ignored): the labelled dev
// splits, our composed test sets, a raw email, and filters written by the CLI. Each text
// seed starts with one selector byte (jurisdiction and option bits in fuzz_targets/text.rs).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { parseCsv, sharedData } from "../tests/js/shared-data.mjs";

const root = new URL("..", import.meta.url).pathname;
const textDir = `${root}fuzz/corpus/text`, filterDir = `${root}fuzz/corpus/filter`;
mkdirSync(textDir, { recursive: true });
mkdirSync(filterDir, { recursive: true });

let n = 0;
function seed(text, sel) {
  const b = Buffer.concat([Buffer.from([sel & 255]), Buffer.from(text, "utf8")]);
  writeFileSync(`${textDir}/${createHash("sha1").update(b).digest("hex")}`, b);
  n++;
}
for (const name of ["inbound_replies_dev.csv", "outbound_messages_dev.csv"]) {
  parseCsv(readFileSync(sharedData(`labelled/${name}`), "utf8")).forEach((r, i) => seed(r.text, i * 7));
}
for (const set of ["replies", "footers", "messages"]) {
  readFileSync(`${root}tests/data/${set}_composed.tsv`, "utf8").split("\n")
    .filter((l) => l && !l.startsWith("#")).forEach((l, i) => seed(l.split("\t")[0], i));
}
seed([
  "From: Acme <news@acme.com>", "Subject: =?UTF-8?B?U2FsZSE=?=",
  "List-Unsubscribe: <https://acme.com/u?x=1>, <mailto:u@acme.com>",
  "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
  "Content-Type: multipart/alternative; boundary=XX", "", "--XX",
  "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
  '<p>20% off! <a href=3D"https://acme.com/unsub">Unsubscribe</a></p>', "--XX--", "",
].join("\r\n"), 5);

const cli = `${root}target/release/consentry`;
const contacts = `${filterDir}/../contacts.txt`;
writeFileSync(contacts, "+14155552671\nfoo@example.com\n+447911123456\n");
for (const [name, extra] of [["bloom", []], ["snapshot", ["--freeze"]], ["loose", ["--fpr", "0.3"]]]) {
  execFileSync(cli, ["filter", "build", contacts, "-o", `${filterDir}/${name}.bin`, ...extra], { stdio: "ignore" });
}
console.log(`fuzz seeds: ${n} texts, 3 filters`);
