import { ulid } from "ulid";
import { logger } from "@/server/logger";
import { applyCallOutcome, applyMissingFunction, applyTimer, type LeasedItem } from "./apply";
import { callApp } from "./call";
import { maxAttempts } from "./config";
import type { Ctx } from "./context";
import type { StoredEvent } from "./events";

interface Candidate extends LeasedItem {
  status: string;
  concurrency: string;
}

const TX = { timeout: 30_000, maxWait: 30_000 };

/**
 * The worker loop: leases due queue items, runs them (a call to the app, or a timer), and applies
 * each result in one transaction. Leases are renewed while work is in flight; a crash leaves
 * items whose lease runs out and that any executor process then picks up again.
 */
export class Worker {
  readonly owner = ulid();
  private inFlight = new Map<string, Promise<void>>();
  private buckets = new Map<string, number>();
  private stopping = false;
  private woken = false;
  private waiter: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private ctx: Ctx) {}

  start(): void {
    this.renewTimer = setInterval(() => void this.renew(), Math.max(200, Math.floor(this.ctx.opts.leaseMs / 3)));
    this.loopDone = this.loop();
  }

  wake(): void {
    this.woken = true;
    this.waiter?.();
  }

  /** Stops leasing and waits (up to `graceMs`) for calls in flight to finish and be recorded. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loopDone;
    clearInterval(this.renewTimer);
    await Promise.race([Promise.allSettled(this.inFlight.values()), new Promise((r) => setTimeout(r, graceMs))]);
    // Whatever is still running is handed back now rather than after the lease runs out.
    await this.ctx.db.execQueueItem.updateMany({ where: { leaseOwner: this.owner }, data: { leaseOwner: null, leaseUntil: null } }).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      try {
        await this.tick();
      } catch (e) {
        logger.error({ err: e }, "executor: worker tick failed");
      }
      if (this.woken || this.stopping) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.ctx.opts.pollMs);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  private async renew(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const until = BigInt(Date.now() + this.ctx.opts.leaseMs);
    await this.ctx.db.execQueueItem.updateMany({ where: { leaseOwner: this.owner }, data: { leaseUntil: until } }).catch((e) => logger.warn({ err: e }, "executor: lease renewal failed"));
  }

  private async tick(): Promise<void> {
    const free = this.ctx.opts.maxInFlight - this.inFlight.size;
    if (free <= 0) return;
    const now = Date.now();
    const candidates = await this.ctx.db.$queryRaw<Candidate[]>`
      SELECT q.id, q.runId, q.kind, q.stepId, q.attempt, q.payload, r.functionId, r.status, r.concurrency
      FROM ExecQueueItem q JOIN ExecRun r ON r.id = q.runId
      WHERE q.availableAt <= ${now} AND (q.leaseUntil IS NULL OR q.leaseUntil < ${now})
      ORDER BY q.availableAt LIMIT ${free * 4}`;
    const chosen: Candidate[] = [];
    const taken = new Map<string, number>();
    for (const c of candidates) {
      if (chosen.length >= free) break;
      if (c.kind === "CALL") {
        const keys = JSON.parse(c.concurrency) as { key: string; limit: number }[];
        const full = keys.some((k) => (this.buckets.get(k.key) ?? 0) + (taken.get(k.key) ?? 0) >= k.limit);
        if (full) continue;
        for (const k of keys) taken.set(k.key, (taken.get(k.key) ?? 0) + 1);
      }
      chosen.push(c);
    }
    if (chosen.length === 0) return;
    const ids = chosen.map((c) => c.id);
    const placeholders = ids.map(() => "?").join(",");
    const leased = await this.ctx.db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE ExecQueueItem SET leaseOwner = ?, leaseUntil = ? WHERE id IN (${placeholders}) AND (leaseUntil IS NULL OR leaseUntil < ?) RETURNING id`,
      this.owner, now + this.ctx.opts.leaseMs, ...ids, now,
    );
    const got = new Set(leased.map((l) => l.id));
    const runIds = [...new Set(chosen.filter((c) => got.has(c.id) && c.kind === "CALL" && c.status === "QUEUED").map((c) => c.runId))];
    if (runIds.length) {
      await this.ctx.db.$executeRawUnsafe(`UPDATE ExecRun SET status = 'RUNNING', startedAt = ? WHERE status = 'QUEUED' AND id IN (${runIds.map(() => "?").join(",")})`, new Date(now), ...runIds);
    }
    for (const c of chosen) {
      if (!got.has(c.id)) continue;
      const keys = c.kind === "CALL" ? (JSON.parse(c.concurrency) as { key: string }[]).map((k) => k.key) : [];
      for (const k of keys) this.buckets.set(k, (this.buckets.get(k) ?? 0) + 1);
      const p = this.run(c)
        .catch((e) => logger.error({ err: e, runId: c.runId }, "executor: item failed; it will be retried when its lease ends"))
        .finally(() => {
          for (const k of keys) this.buckets.set(k, (this.buckets.get(k) ?? 1) - 1);
          this.inFlight.delete(c.id);
          this.wake();
        });
      this.inFlight.set(c.id, p);
    }
  }

  private async run(item: Candidate): Promise<void> {
    const { db } = this.ctx;
    if (item.kind !== "CALL") {
      await db.$transaction((tx) => applyTimer(this.ctx, tx, item, this.owner, Date.now()), TX);
      return;
    }
    const fn = this.ctx.functions.get(item.functionId);
    if (!fn) {
      await db.$transaction((tx) => applyMissingFunction(this.ctx, tx, item, this.owner, Date.now()), TX);
      return;
    }
    // Raw reads on the hot path (see settleStep).
    const [[run], steps] = await Promise.all([
      db.$queryRaw<{ stack: string; disableImmediate: number | bigint | boolean; payload: string }[]>`
        SELECT r.stack, r.disableImmediate, e.payload FROM ExecRun r JOIN ExecEvent e ON e.id = r.eventId WHERE r.id = ${item.runId}`,
      db.$queryRaw<{ stepId: string; status: string; data: string | null; error: string | null }[]>`
        SELECT stepId, status, data, error FROM ExecStep WHERE runId = ${item.runId} AND status IN ('COMPLETED', 'FAILED')`,
    ]);
    if (!run) return;
    const stateSteps: Record<string, { type: "data"; data: unknown } | { type: "error"; error: unknown }> = {};
    for (const s of steps) {
      stateSteps[s.stepId] = s.status === "COMPLETED" ? { type: "data", data: JSON.parse(s.data ?? "null") } : { type: "error", error: JSON.parse(s.error ?? "{}") };
    }
    const outcome = await callApp(this.ctx, {
      fn,
      stepId: item.stepId,
      runId: item.runId,
      attempt: item.attempt,
      maxAttempts: maxAttempts(fn.config),
      disableImmediate: Boolean(Number(run.disableImmediate)) || item.stepId !== "step",
      event: JSON.parse(run.payload) as StoredEvent,
      steps: stateSteps,
      stack: JSON.parse(run.stack) as string[],
    });
    const applied = await db.$transaction((tx) => applyCallOutcome(this.ctx, tx, fn, item, this.owner, outcome, Date.now()), TX);
    if (!applied) logger.info({ runId: item.runId, itemId: item.id }, "executor: result for an item no longer held (cancelled run or expired lease); ignored");
  }
}
