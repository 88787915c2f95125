// Sums Vitest's and Playwright's JSON reports plus the static checks into one closing line.
// A report that is missing or unreadable counts as one failure (a runner that crashed ran nothing).
import { readFileSync } from "node:fs";
import path from "node:path";

const [dir, checksPassed, checksFailed, e2eRan] = process.argv.slice(2);
let passed = Number(checksPassed) || 0;
let failed = Number(checksFailed) || 0;
let skipped = 0;

function read(name) {
  try {
    return JSON.parse(readFileSync(path.join(dir, name), "utf8"));
  } catch {
    return null;
  }
}

/** Adds a Vitest JSON report (the main suite, or the hardening suite that runs after the build). */
function addVitest(name, required) {
  const report = read(name);
  if (!report) {
    if (!required) return;
    console.error(`${name} missing: counted as a failure`);
    failed++;
    return;
  }
  passed += report.numPassedTests ?? 0;
  // A file that fails to load has no failed tests but a failed suite: count it too.
  const brokenFiles = (report.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

addVitest("vitest.json", true);
// The PostgreSQL pass of the database suites (scripts/test-all.sh sets PG_RAN=1 when it ran).
addVitest("vitest-pg.json", process.env.PG_RAN === "1");
// The hardening suite runs only when the build (and so E2E) ran.
addVitest("hardening.json", e2eRan === "1");

const pw = read("playwright.json");
if (pw) {
  const s = pw.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
  if ((pw.errors ?? []).length) {
    console.error(`playwright reported ${pw.errors.length} global error(s)`);
    failed += pw.errors.length;
  }
} else if (e2eRan === "1") {
  console.error("playwright report missing: counted as a failure");
  failed++;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
