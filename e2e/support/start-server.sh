#!/usr/bin/env bash
# Starts the production build for the E2E suite on a fresh, migrated and seeded local database.
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-3005}"
case "$DATABASE_URL" in
  file:./data/*|file:data/*) ;;
  *) echo "E2E refuses DATABASE_URL=$DATABASE_URL: it must be a local file under ./data" >&2; exit 1 ;;
esac
file="${DATABASE_URL#file:}"
mkdir -p data
rm -f "$file" "$file-wal" "$file-shm"
npx --no-install prisma migrate deploy >/dev/null
SEED_APPROVER_PASSWORD=e2e-approver-pass SEED_VIEWER_PASSWORD=e2e-viewer-pass SEED_ADMIN_PASSWORD=e2e-admin-pass \
  npx --no-install tsx prisma/seed.ts >/dev/null
[ -f .next/BUILD_ID ] || { echo "No production build: run 'npx next build' first" >&2; exit 1; }
# With E2E_SERVER_LOG set, everything the app and the executor print is also kept there
# (scripts/test-all.sh scans it for personal data after the run).
if [ -n "${E2E_SERVER_LOG:-}" ]; then
  mkdir -p "$(dirname "$E2E_SERVER_LOG")"
  exec > >(tee -a "$E2E_SERVER_LOG") 2>&1
fi
# The app and the local executor together, as in production on one machine.
export PORT="$port" APP_HOST=127.0.0.1 INNGEST_BASE_URL="http://127.0.0.1:$((port + 5300))"
exec npx --no-install tsx scripts/serve.ts start
