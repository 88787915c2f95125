import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipelineHarness, type PipelineHarness } from "@/server/testing/pipeline-harness";
import { simulate } from "./simulator";

// Plays a small simulated market into the app running on the local executor (real routes, real
// database). Slow by nature: the hard limit of 30 s between sends spaces the e-mails out.
const GHL_SECRET = "sim-ghl-secret-0123456789abcdef";
let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipelineHarness({
    env: { GHL_WEBHOOK_SECRET: GHL_SECRET, CLAY_SANDBOX_DELAY_MS: "100" },
    routes: { "POST /api/webhooks/ghl": async () => (await import("@/app/api/webhooks/ghl/route")).POST },
  });
  // Full autonomy with an always-open window: LOW auto-sends, MEDIUM after a 1 s delay.
  const set = (key: string, value: unknown) => h.db.setting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } });
  await set("phase", "full");
  await set("fullMediumDelaySeconds", 1);
  await set("sendingWindow", { timeZone: "UTC", startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5, 6, 7] });
}, 120_000);
afterAll(() => h?.stop());

describe("npm run simulate", () => {
  it("plays visitors in, and outcomes for the e-mails the product sent, through the real webhooks", async () => {
    const report = await simulate(h.db, { seed: 1, visitors: 2, speed: 36_000, baseUrl: h.url, rb2bToken: "e2e-rb2b-token", ghlSecret: GHL_SECRET, maxSeconds: 150, idleSeconds: 40 });
    expect(report.deliveries).toEqual({ ok: 2, failed: 0 }); // seed 1: one page each
    expect(await h.db.visitor.count({ where: { email: { endsWith: ".sim1.example" } } })).toBe(2);
    expect(report.sendsSeen).toBe(2);
    expect(report.eventFailures).toBe(0);
    expect(report.enrichmentsCompleted).toBe(2);
    // Every sent e-mail got its outcomes, matched to its send.
    const sends = await h.db.send.findMany({ where: { recipientDomain: { endsWith: ".sim1.example" } }, select: { id: true, outcomes: { select: { type: true } } } });
    for (const s of sends) expect(s.outcomes.some((o) => o.type === "DELIVERED" || o.type === "BOUNCE")).toBe(true);
    const posted = Object.values(report.events).reduce((a, b) => a + b, 0);
    expect(await h.db.outcome.count({ where: { sendId: { in: sends.map((s) => s.id) } } })).toBe(posted);
  }, 200_000);
});
