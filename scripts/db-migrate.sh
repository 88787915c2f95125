#!/usr/bin/env bash
# Applies the migration history to the database DATABASE_URL names.
#   file:...                 -> `prisma migrate deploy` (JS schema engine through better-sqlite3)
#   postgres(ql)://...       -> scripts/pg-migrate.ts: prisma/migrations-pg in order, one transaction
#                               each, recorded in Prisma's _prisma_migrations (see README "Deploying")
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*) exec npx --no-install tsx scripts/pg-migrate.ts ;;
  *) exec npx --no-install prisma migrate deploy ;;
esac
