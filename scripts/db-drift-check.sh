#!/usr/bin/env bash
# Fails when prisma/schema and the migration history disagree (someone edited the schema
# without writing a migration, or edited a migration by hand), or when the PostgreSQL history
# (prisma/migrations-pg) is not in step with SQLite's.
set -uo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-file:./data/dev.db}" CHECKPOINT_DISABLE=1
out=$(npx --no-install prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema --exit-code 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
  echo "drift check: schema and migrations agree"
else
  echo "$out" | grep -v "nodedir" >&2
  [ $rc -eq 2 ] && echo "drift check: prisma/schema has changes no migration contains: run npm run db:migration -- NAME" >&2
fi
# PostgreSQL: same migration names, datamodel in step; with TEST_PG_URL also a replay on a live server.
node scripts/db-pg.mjs drift || rc=1
[ $rc -eq 0 ]
