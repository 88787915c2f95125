#!/usr/bin/env bash
# Writes a new migration offline, for both dialects: the SQL that takes each migration history to
# prisma/schema (prisma/migrations for SQLite, prisma/migrations-pg for PostgreSQL, same folder name).
# Usage: npm run db:migration -- add_something
# Refuses an empty migration (nothing changed) and a bad name; writes nothing on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [[ ! "$name" =~ ^[a-z0-9_]{3,60}$ ]]; then
  echo "usage: npm run db:migration -- NAME   (NAME: 3-60 of a-z, 0-9, _)" >&2
  exit 2
fi
export DATABASE_URL="${DATABASE_URL:-file:./data/dev.db}" CHECKPOINT_DISABLE=1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
npx --no-install prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema --script >"$tmp" 2>/dev/null || {
  echo "prisma migrate diff failed; run it by hand to see why:" >&2
  echo "  npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema --script" >&2
  exit 1
}
if ! grep -qvE '^\s*(--.*)?$' "$tmp"; then
  echo "No schema change since the last migration: nothing written." >&2
  exit 1
fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
cp "$tmp" "$dir/migration.sql"
echo "wrote $dir/migration.sql"
# Its PostgreSQL twin, same name (prisma/migrations-pg; scripts/db-pg.mjs).
node scripts/db-pg.mjs migration "$(basename "$dir")"
