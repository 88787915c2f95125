// `npm run db:migrate` with a postgres:// DATABASE_URL: applies prisma/migrations-pg (server/db/pg-migrate.ts).
import { migratePg } from "@/server/db/pg-migrate";

const url = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(url)) {
  console.error("DATABASE_URL must be a postgres:// URL");
  process.exit(2);
}
migratePg(url, { log: (line) => console.log(line) }).then(
  (r) => console.log(r.applied.length ? `${r.applied.length} migration(s) applied` : "No pending migrations to apply."),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
