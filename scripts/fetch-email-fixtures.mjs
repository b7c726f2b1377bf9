#!/usr/bin/env node
// Real raw email messages for the email checks, fetched (never vendored) from the sdist of the
// Python package mail-parser 4.8.0 (Apache-2.0) on PyPI: its tests/mails/ folder holds real
// messages, some with List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058).
// The archive is pinned by SHA-256. Output: target/email-fixtures/*.eml (idempotent).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAME = 'mail_parser-4.8.0.tar.gz';
const SHA256 = '602e659b159652d378b0f9cce2d682bee692bedae72687786e2b2e52eaeb9afc';
const out = new URL('../target/email-fixtures/', import.meta.url).pathname;

if (existsSync(join(out, 'mail_test_13.eml'))) process.exit(0);

const index = await (await fetch('https://pypi.org/simple/mail-parser/')).text();
const href = [...index.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).find((h) => h.includes(`/${NAME}#`));
if (!href) throw new Error(`${NAME} not found on the PyPI simple index`);
const url = new URL(href, 'https://pypi.org/simple/mail-parser/').href.split('#')[0];
const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
const got = createHash('sha256').update(bytes).digest('hex');
if (got !== SHA256) throw new Error(`${NAME}: sha256 ${got}, expected ${SHA256}`);

const tmp = mkdtempSync(join(tmpdir(), 'consentry-mail-'));
writeFileSync(join(tmp, NAME), bytes);
execFileSync('tar', ['xzf', NAME, '--wildcards', '*/tests/mails/*'], { cwd: tmp });
const mails = join(tmp, 'mail_parser-4.8.0', 'tests', 'mails');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(mails)) renameSync(join(mails, f), join(out, `${f}.eml`));
rmSync(tmp, { recursive: true, force: true });
console.log(`fetch-email-fixtures: ${readdirSync(out).length} messages in target/email-fixtures/`);
