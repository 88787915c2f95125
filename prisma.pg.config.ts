import path from "node:path";
import { defineConfig } from "prisma/config";

// PRODUCTION ONLY, on a machine that can download Prisma's native schema engine (issue #9):
//   DATABASE_URL=postgres://... npx prisma migrate deploy --config prisma.pg.config.ts
// applies prisma/migrations-pg with Prisma's own engine to the schema scripts/db-pg.mjs derives
// from prisma/schema (run `npm run db:generate` first). It reads and writes the same
// `_prisma_migrations` rows (name + sha256 checksum) as scripts/pg-migrate.ts, so either may be
// used on one database. Not usable here: the native engine cannot be downloaded, and Prisma 6.19's
// JS schema engine cannot introspect PostgreSQL through @prisma/adapter-pg — so this repository
// applies PostgreSQL migrations with scripts/pg-migrate.ts (npm run db:migrate with a postgres:// URL).
export default defineConfig({
  engine: "classic",
  datasource: { url: process.env.DATABASE_URL ?? "" },
  schema: path.join("prisma", "generated-pg"),
  migrations: { path: path.join("prisma", "migrations-pg") },
});
