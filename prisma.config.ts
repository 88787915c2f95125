import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileFromUrl } from "./server/db/url";

// Rust-free Prisma: the schema engine runs in JS and reaches SQLite through the same driver
// adapter the app uses, so generate / migrate deploy / migrate diff work offline.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set (e.g. DATABASE_URL=file:./data/dev.db)");
    const factory = new PrismaBetterSQLite3({ url: sqliteFileFromUrl(url) });
    return {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => factory.connect(),
      // `migrate diff --from-migrations` replays each migration file on an in-memory shadow
      // database through executeRaw, which better-sqlite3 limits to one statement per call.
      // Parameterless raw SQL on the shadow database is always a migration script: run it as one.
      async connectToShadowDb() {
        const shadow = await factory.connectToShadowDb();
        const executeRaw = shadow.executeRaw.bind(shadow);
        shadow.executeRaw = async (query) => {
          if (query.args.length > 0) return executeRaw(query);
          await shadow.executeScript(query.sql);
          return 0;
        };
        return shadow;
      },
    };
  },
});
