// Mixed phone inputs built from libphonenumber's example numbers, shared by the differential
// test and bench/phone.mjs: national, international, RFC 3966, out-of-country (011 / 00).
import { readFileSync } from "node:fs";
import { sharedData, parseCsv } from "./shared-data.mjs";

export function exampleRows() {
  return parseCsv(readFileSync(sharedData("libphonenumber_example_numbers.csv"), "utf8"));
}

/** [{ input, region }] in several notations per example number. */
export function mixedInputs() {
  const out = [];
  for (const r of exampleRows()) {
    const nsn = r.example_national_number;
    out.push({ input: r.e164, region: undefined });
    if (r.region === "001") continue;
    out.push({ input: nsn, region: r.region });
    out.push({ input: `${r.national_prefix}${nsn}`.replace(/^(\d{3})(\d{3})/, "$1 $2-"), region: r.region });
    out.push({ input: `tel:+${r.country_code}-${nsn}`, region: undefined });
    out.push({ input: `011 ${r.country_code} ${nsn}`, region: "US" });
    out.push({ input: `00 ${r.country_code} ${nsn}`, region: "GB" });
    out.push({ input: `+${r.country_code} ${nsn.slice(0, -2)}`, region: undefined }); // too short: often invalid
  }
  return out;
}
