#!/usr/bin/env bash
# Runs every test: static checks (lint, types, migration drift), Vitest, then Playwright against
# a production build. Ends with one line "N passed, N failed" summed from the JSON reports.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
export DATABASE_URL="${DATABASE_URL:-file:./data/dev.db}"
reports=.reports
rm -rf "$reports" && mkdir -p "$reports" data

# The Prisma clients are git-ignored and made by npm's postinstall: with node_modules already
# there, generate them (~4 s, offline) so a schema changed since the install is the one used.
if [ -d node_modules ]; then npm run --silent db:generate >/dev/null; else npm ci --no-audit --no-fund; fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it with 'apt-get install -y chromium'." >&2
fi

checks_passed=0; checks_failed=0
check() {
  local name="$1"; shift
  echo "::: $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "FAILED: $name" >&2; fi
}

# --- PostgreSQL (issue #9): a private cluster on loopback, for the drift check's replay of
# prisma/migrations-pg and for the PostgreSQL pass of the database suites below. Stopped on exit.
# In /tmp, not the checkout: the server runs as the postgres user, who may not reach a root-owned checkout.
pg_dir=$(mktemp -d /tmp/caio-pg.XXXXXX)
pg_ran=0
echo "::: postgresql cluster"
if TEST_PG_URL=$(bash scripts/pg-cluster.sh start "$pg_dir" "${PG_TEST_PORT:-55432}" 2>"$reports/pg-cluster.log"); then
  export TEST_PG_URL
  trap 'bash scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
else
  unset TEST_PG_URL
  cat "$reports/pg-cluster.log" >&2
  checks_failed=$((checks_failed + 1)); echo "FAILED: postgresql cluster (install it: apt-get install -y postgresql)" >&2
fi

check "lint" npm run --silent lint
check "typecheck" npm run --silent typecheck
check "migration drift" bash scripts/db-drift-check.sh

echo "::: vitest"
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"

# The integration, concurrency and executor suites again on PostgreSQL: every test file that opens a
# database (createTestDb or a harness built on it); each gets a fresh database on the cluster.
if [ -n "${TEST_PG_URL:-}" ]; then
  echo "::: vitest on postgresql"
  pg_ran=1
  mapfile -t pg_files < <(grep -rlE "createTestDb|onPostgres|pipeline-harness|executor/testing/harness" --include='*.test.ts' app inngest server | sort)
  TEST_DATABASE=postgresql npx --no-install vitest run "${pg_files[@]}" --reporter=default --reporter=json --outputFile.json="$reports/vitest-pg.json"
fi

echo "::: production build for E2E"
e2e_ran=0
if NEXTAUTH_SECRET=build-secret-build-secret-build-secret-0 NEXTAUTH_URL=http://127.0.0.1:3005 npx --no-install next build >"$reports/build.log" 2>&1; then
  checks_passed=$((checks_passed + 1))
  echo "::: playwright"
  e2e_ran=1
  E2E_SERVER_LOG="$reports/e2e-server.log" PW_JSON_OUTPUT="$reports/playwright.json" npx --no-install playwright test
  # Privacy: the server's whole output during the E2E run holds no e-mail address or phone number.
  check "privacy scan of the E2E server log" node scripts/scan-logs.mjs "$reports/e2e-server.log"
  # Hardening suites (crash, load, fuzz; minutes): after the build, which the intake crash test runs.
  echo "::: hardening"
  npx --no-install vitest run --config vitest.hardening.config.ts --reporter=default --reporter=json --outputFile.json="$reports/hardening.json"
else
  checks_failed=$((checks_failed + 1))
  tail -40 "$reports/build.log" >&2
  echo "FAILED: next build (E2E skipped)" >&2
fi

PG_RAN="$pg_ran" node scripts/sum-reports.mjs "$reports" "$checks_passed" "$checks_failed" "$e2e_ran"
