/**
 * npm run db:seed [-- --demo]
 * Users (Dani the approver, a viewer, an admin), default templates, default settings for the
 * "parallel" phase and, with --demo (or SEED_DEMO=1), a deterministic 60-day demo dataset.
 */
import { createDb, prepareDb } from "@/server/db/client";
import { record } from "@/server/features/audit/audit.service";
import { recomputeRange } from "@/server/features/metrics/metrics.service";
import { SETTINGS } from "@/server/features/settings/settings.schemas";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { seedDemoData } from "./seed/demo-data";
import { seedUsers } from "./seed/users";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set. Example: DATABASE_URL=file:./data/dev.db npm run db:seed");
  const db = createDb(url);
  await prepareDb(db);
  try {
    const users = await seedUsers(db);
    await ensureDefaultTemplates(db);
    for (const key of ["phase", "killSwitches", "phaseDailyLimits", "sendingWindow", "excludedDomains"] as const) {
      await db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(SETTINGS[key].default), updatedBy: "seed" }, update: {} });
    }
    const created = users.filter((u) => u.created);
    if (created.length) await record(db, { actorType: "SYSTEM", action: "seed.users", decision: "INFO", evidence: { created: created.length } });

    const demo = process.argv.includes("--demo") || process.env.SEED_DEMO === "1";
    if (demo) {
      const dani = await db.user.findUniqueOrThrow({ where: { email: "dani@caio-swarm.local" }, select: { id: true } });
      const summary = await seedDemoData(db, { reviewerId: dani.id });
      if (summary) await recomputeRange(db, new Date(Date.now() - 61 * 86_400_000), new Date());
      console.log(summary ? `demo data: ${summary.visitors} visitors, ${summary.drafts} drafts, ${summary.sends} sends, ${summary.outcomes} outcomes` : "demo data: already present, left alone");
    }
    for (const u of users) {
      console.log(`${u.role.padEnd(8)} ${u.email}  ${u.created ? (u.password ? `password: ${u.password}  (generated; shown once)` : "password from environment") : "(already existed)"}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((e) => {
  console.error(`Seeding failed: ${(e as Error).message}`);
  process.exit(1);
});
