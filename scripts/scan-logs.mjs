// Privacy check over captured server logs (the E2E run's app + executor output): fails when any
// line holds something shaped like an e-mail address or a phone number. Matches are reported by
// line number and masked, so the check itself does not copy personal data into the CI log.
// A missing or empty log fails too: no log proves nothing.
import { readFileSync } from "node:fs";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// E.164 (+ and 8-15 digits, separators allowed) and North-American style 555-123-4567 / (555) 123 4567.
const PHONE = /\+\d(?:[\s.-]?\d){7,14}\b|(?<![\d.:-])\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b(?![\d.:-])/g;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/scan-logs.mjs LOG...");
  process.exit(2);
}
let lines = 0;
const hits = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    console.error(`privacy scan: ${file} is missing`);
    process.exit(1);
  }
  text.split("\n").forEach((line, i) => {
    lines++;
    for (const [kind, re] of [["e-mail", EMAIL], ["phone", PHONE]]) {
      for (const m of line.matchAll(re)) hits.push(`${file}:${i + 1}: ${kind} ${m[0].slice(0, 2)}${"*".repeat(Math.max(0, m[0].length - 2))}`);
    }
  });
}
if (lines <= 1) {
  console.error("privacy scan: the log is empty (nothing was captured)");
  process.exit(1);
}
if (hits.length) {
  console.error(`privacy scan: ${hits.length} e-mail address / phone number pattern(s) in ${lines} log lines:`);
  for (const h of hits.slice(0, 50)) console.error(`  ${h}`);
  process.exit(1);
}
console.log(`privacy scan: ${lines} log lines, no e-mail address or phone number`);
