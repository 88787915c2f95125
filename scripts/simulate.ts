// `npm run simulate -- [--seed 1] [--visitors 30] [--speed 600] [--base-url http://127.0.0.1:3000] [--max-minutes 10] [--idle-seconds 60]`
// Plays the simulated market into the running product (sandbox). Needs RB2B_WEBHOOK_TOKEN and
// GHL_WEBHOOK_SECRET (the app's values) and DATABASE_URL (reads which e-mails were sent).
// Sends only happen where the product sends: in the parallel phase every draft waits for review.
import { createDb, prepareDb } from "@/server/db/client";
import { simulate } from "./simulator/simulator";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}

const need = (k: string) => {
  const v = process.env[k];
  if (!v) {
    console.error(`${k} is required (the running app's value).`);
    process.exit(2);
  }
  return v;
};

const opts = {
  seed: Number(arg("seed", "1")),
  visitors: Math.min(5000, Number(arg("visitors", "30"))),
  speed: Number(arg("speed", "600")),
  baseUrl: arg("base-url", process.env.APP_BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, ""),
  rb2bToken: need("RB2B_WEBHOOK_TOKEN"),
  ghlSecret: need("GHL_WEBHOOK_SECRET"),
  maxSeconds: Number(arg("max-minutes", "10")) * 60,
  idleSeconds: Number(arg("idle-seconds", "60")),
};
if (![opts.seed, opts.visitors, opts.speed, opts.maxSeconds, opts.idleSeconds].every((x) => Number.isFinite(x) && x >= 0) || opts.speed <= 0) {
  console.error("--seed, --visitors, --speed, --max-minutes and --idle-seconds must be non-negative numbers (speed > 0)");
  process.exit(2);
}
const db = createDb(need("DATABASE_URL"));
await prepareDb(db);
console.log(`simulating ${opts.visitors} visitors, seed ${opts.seed}, speed ×${opts.speed}, into ${opts.baseUrl} (at most ${opts.maxSeconds / 60} min)`);
const report = await simulate(db, { ...opts, log: (l) => console.log(l) });
console.log("");
console.log(`RB2B deliveries     ${report.deliveries.ok} ok, ${report.deliveries.failed} failed (${report.visitorsPosted} visitors)`);
console.log(`enrichments done    ${report.enrichmentsCompleted} (Clay sandbox callbacks)`);
console.log(`e-mails sent        ${report.sendsSeen}`);
for (const [k, n] of Object.entries(report.events).sort()) console.log(`GHL ${k.padEnd(16)} ${n}`);
console.log(`GHL event failures  ${report.eventFailures}`);
console.log(`stopped by          ${report.stoppedBy}`);
console.log(`RESULT ${JSON.stringify(report)}`);
await db.$disconnect();
process.exit(0);
