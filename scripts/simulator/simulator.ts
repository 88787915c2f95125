// The simulator (issue #7 item 9): plays the market model into the RUNNING product over HTTP —
// RB2B deliveries for visitors, then GHL inbound events (delivered/opened, hard bounces, replies,
// meetings) for the e-mails the product actually sent, drawn from the hidden per-template,
// per-persona rates of server/domain/market-model.ts with send-time effects. Clay callbacks come
// from the app's sandbox Clay, which posts them to the app's real callback route itself; the
// simulator reports how many enrichments completed. Deterministic from the seed; bounded in time.
import { TZDate } from "@date-fns/tz";
import type { Db } from "@/server/db/client";
import { armTruth, drawOutcome, sendTimeEffect } from "@/server/domain/market-model";
import { createRng } from "@/server/domain/random";
import { timeZoneForUsState } from "@/server/domain/sending-window";
import { REPLY_TEXT, simDomainSuffix, simVisitors, type SimVisitor } from "./market-visitors";

export interface SimOptions {
  seed: number;
  visitors: number;
  /** Simulated seconds per real second. */
  speed: number;
  baseUrl: string;
  rb2bToken: string;
  ghlSecret: string;
  /** Hard bound on the whole run (real seconds). */
  maxSeconds: number;
  /** Stop once every visitor is in and no new send appeared for this long (real seconds). */
  idleSeconds: number;
  log?: (line: string) => void;
}

export interface SimReport {
  seed: number;
  visitorsPosted: number;
  deliveries: { ok: number; failed: number };
  sendsSeen: number;
  events: Record<string, number>;
  eventFailures: number;
  enrichmentsCompleted: number;
  stoppedBy: "idle" | "deadline";
}

interface Planned {
  at: number;
  kind: string;
  body: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The GHL events one sent e-mail produces, with simulated delays (seconds after the send). */
export function plannedEvents(seed: number, v: SimVisitor, send: { id: string; sentAt: Date; templateKey: string; variantIndex: number; messageId: string; contactId: string }): { delayS: number; kind: string; body: Record<string, unknown> }[] {
  const rng = createRng(`outcome:${seed}:${v.email}:${send.templateKey}:${send.variantIndex}`);
  const local = new TZDate(send.sentAt.getTime(), timeZoneForUsState(v.payload.State) ?? "America/New_York");
  const effect = sendTimeEffect(seed, v.persona, local.getHours(), local.getDay() === 0 ? 7 : local.getDay());
  const o = drawOutcome(rng, armTruth(seed, v.persona, send.templateKey), send.variantIndex, effect, true);
  const id = (k: string) => `sim-${seed}-${send.id}-${k}`;
  const stats = (event: string, extra: Record<string, unknown> = {}) => ({ type: "LCEmailStats", webhookId: id(event), messageId: send.messageId, contactId: send.contactId, webhookPayload: { id: id(`p-${event}`), event, recipient: v.email, timestamp: Math.floor(Date.now() / 1000), ...extra } });
  if (o.bounced) return [{ delayS: 30, kind: "bounce", body: stats("bounced", { severity: "permanent" }) }];
  const out: { delayS: number; kind: string; body: Record<string, unknown> }[] = [{ delayS: 20, kind: "delivered", body: stats("delivered") }];
  if (rng.next() < 0.55) out.push({ delayS: 600 + rng.next() * 3 * 3600, kind: "opened", body: stats("opened") });
  if (o.reply) {
    const delayS = 1800 + rng.next() * 30 * 3600;
    out.push({
      delayS, kind: `reply:${o.reply.toLowerCase()}`,
      body: { type: "InboundMessage", webhookId: id("reply"), messageId: id("msg"), contactId: send.contactId, replyToMessageId: send.messageId, direction: "inbound", messageType: "Email", subject: "Re: your note", body: REPLY_TEXT[o.reply] },
    });
    if (o.meeting) out.push({ delayS: delayS + 3600 + rng.next() * 24 * 3600, kind: "meeting", body: { type: "AppointmentCreate", webhookId: id("appt"), appointment: { id: id("appt"), contactId: send.contactId, appointmentStatus: "confirmed", startTime: new Date(send.sentAt.getTime() + 5 * 86_400_000).toISOString() } } });
  }
  return out;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<boolean> {
  try {
    const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

export async function simulate(db: Db, opts: SimOptions): Promise<SimReport> {
  const log = opts.log ?? (() => {});
  const visitors = simVisitors(opts.seed, opts.visitors);
  const byEmail = new Map(visitors.map((v) => [v.email, v]));
  const start = Date.now();
  const report: SimReport = { seed: opts.seed, visitorsPosted: 0, deliveries: { ok: 0, failed: 0 }, sendsSeen: 0, events: {}, eventFailures: 0, enrichmentsCompleted: 0, stoppedBy: "deadline" };
  const queue: Planned[] = [];
  let t = start;
  for (const v of visitors) {
    t += (v.gapS / opts.speed) * 1000;
    v.pages.forEach((p, k) => queue.push({ at: t + k * (60_000 / opts.speed), kind: "rb2b", body: { ...v.payload, "Captured URL": `https://caio-swarm.example${p}`, "Seen At": "" } }));
  }
  const seen = new Set<string>();
  let lastNewSend = Date.now();
  const deadline = start + opts.maxSeconds * 1000;
  const suffix = simDomainSuffix(opts.seed);

  while (Date.now() < deadline) {
    queue.sort((a, b) => a.at - b.at);
    while (queue.length && queue[0].at <= Date.now()) {
      const e = queue.shift()!;
      if (e.kind === "rb2b") {
        const ok = await post(`${opts.baseUrl}/api/webhooks/rb2b?token=${encodeURIComponent(opts.rb2bToken)}`, { ...e.body, "Seen At": new Date().toISOString() });
        if (ok) report.deliveries.ok++;
        else report.deliveries.failed++;
        continue;
      }
      const ok = await post(`${opts.baseUrl}/api/webhooks/ghl`, e.body, { "x-ghl-webhook-secret": opts.ghlSecret });
      if (ok) report.events[e.kind] = (report.events[e.kind] ?? 0) + 1;
      else report.eventFailures++;
      log(`${ok ? "posted" : "FAILED"} ${e.kind}`);
    }
    // E-mails the product sent to simulated visitors (the sandbox outbox rows' sends).
    const sends = await db.send.findMany({
      where: { status: "SENT", recipientDomain: { endsWith: suffix }, id: { notIn: [...seen] } },
      select: {
        id: true, sentAt: true, providerMessageId: true, providerContactId: true,
        draft: { select: { subjectVariant: { select: { key: true } }, visitor: { select: { email: true } }, templateVersion: { select: { template: { select: { key: true, variants: { orderBy: { key: "asc" }, select: { key: true } } } } } } } },
      },
    });
    for (const s of sends) {
      seen.add(s.id);
      lastNewSend = Date.now();
      const v = s.draft.visitor.email ? byEmail.get(s.draft.visitor.email) : undefined;
      if (!v || !s.sentAt || !s.providerMessageId) continue;
      const tpl = s.draft.templateVersion.template;
      const variantIndex = Math.max(0, tpl.variants.findIndex((x) => x.key === s.draft.subjectVariant.key));
      const planned = plannedEvents(opts.seed, v, { id: s.id, sentAt: s.sentAt, templateKey: tpl.key, variantIndex, messageId: s.providerMessageId, contactId: s.providerContactId ?? `sim-contact-${v.index}` });
      for (const p of planned) queue.push({ at: Date.now() + (p.delayS / opts.speed) * 1000, kind: p.kind, body: p.body });
      log(`sent: ${tpl.key}/${s.draft.subjectVariant.key} to a ${v.persona} → ${planned.map((p) => p.kind).join(", ")}`);
    }
    report.sendsSeen = seen.size;
    const arrivalsLeft = queue.some((e) => e.kind === "rb2b");
    if (!arrivalsLeft && queue.length === 0 && Date.now() - lastNewSend > opts.idleSeconds * 1000) {
      report.stoppedBy = "idle";
      break;
    }
    await sleep(Math.max(20, Math.min(500, (queue[0]?.at ?? Date.now() + 500) - Date.now())));
  }
  report.visitorsPosted = visitors.length;
  report.enrichmentsCompleted = await db.enrichmentRequest.count({ where: { status: "COMPLETED", visitor: { email: { endsWith: suffix } } } });
  return report;
}
