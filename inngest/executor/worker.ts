import { ulid } from "@/server/db/ulid";
import { logger } from "@/server/logger";
import { applyCallOutcome, applyMissingFunction, applyTimer } from "./apply";
import { callApp } from "./call";
import { applyCheckpoint, encodeDispatchToken, type CheckpointInput, type CheckpointResult } from "./checkpoint";
import { maxAttempts } from "./config";
import type { Ctx } from "./context";
import type { StoredEvent } from "./events";
import { isoTime, type QueueRow, type StepRow } from "./store";

/** A leased queue item, plus when it became ready to run here (for the timings). */
interface Leased extends QueueRow {
  readyAt: number;
  /** Its capacity/concurrency slot has been given back (its result is recorded, or it failed). */
  released: boolean;
  /** Tells this dispatch from an earlier one of the same item (checkpoints name it in `qi_id`). */
  nonce: string;
}

type Lease = (candidates: QueueRow[]) => void;

interface Pending {
  item: Leased | undefined;
  fn: (lease: Lease, now: number) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const concurrencyOf = (c: QueueRow) => (c.kind === "CALL" ? (JSON.parse(c.concurrency) as { key: string; limit: number }[]) : []);

/**
 * The worker loop: leases due queue items, runs them (a call to the app, or a timer), and applies
 * each result in one transaction. The transaction that records a result also leases the run's next
 * item when it is due at once (the usual case: the next discovery call), so a run moves on without
 * waiting for a poll and with one commit per step. Leases are renewed while work is in flight; a
 * crash leaves items whose lease runs out and that any executor process then picks up again.
 */
export class Worker {
  readonly owner = ulid();
  private inFlight = new Map<string, Promise<void>>();
  /** Items leased by this worker and not finished (in flight or about to be dispatched). */
  private active = 0;
  private buckets = new Map<string, number>();
  private stopping = false;
  private woken = false;
  private waiter: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private batch: Pending[] = [];
  /** Item id -> nonce of its current dispatch by this worker (checkpoints must match it). */
  private dispatched = new Map<string, string>();
  private dispatchSeq = 0;
  /** Dispatches (item.nonce) of this worker whose checkpoint this process refused. */
  private refused = new Set<string>();

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
    await this.ctx.store.tx(() => this.ctx.store.sql.release.run(this.owner)).catch(() => undefined);
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
    const until = Date.now() + this.ctx.opts.leaseMs;
    await this.ctx.store.tx(() => this.ctx.store.sql.renew.run(until, this.owner)).catch((e) => logger.warn({ err: e }, "executor: lease renewal failed"));
  }

  private reserve(c: QueueRow, sign: 1 | -1): void {
    this.active += sign;
    for (const k of concurrencyOf(c)) this.buckets.set(k.key, (this.buckets.get(k.key) ?? 0) + sign);
  }

  /** Leases, inside the current transaction, those of `candidates` that capacity and concurrency limits allow. */
  private leaseSome(candidates: QueueRow[], now: number, out: QueueRow[]): void {
    const { sql } = this.ctx.store;
    for (const c of candidates) {
      if (this.active >= this.ctx.opts.maxInFlight) break;
      if (concurrencyOf(c).some((k) => (this.buckets.get(k.key) ?? 0) >= k.limit)) continue;
      if (sql.lease.run({ id: c.id, owner: this.owner, until: now + this.ctx.opts.leaseMs, now }).changes !== 1) continue;
      if (c.kind === "CALL" && c.status === "QUEUED") sql.markRunning.run(isoTime(now), c.runId);
      this.reserve(c, 1);
      out.push(c);
    }
  }

  /**
   * Runs `fns` in one write transaction (one commit, one fsync, for all of them), giving each a way
   * to lease due items in that same transaction; the leased items are dispatched once it has
   * committed. `finishing[i]` is the item whose result `fns[i]` records: its slot is free for its
   * successor from then on. Slots taken or freed by a transaction that is retried or fails are
   * restored.
   */
  private async inTx<T>(fns: ((lease: Lease, now: number) => T)[], finishing: (Leased | undefined)[] = []): Promise<T[]> {
    let leased: QueueRow[] = [];
    let freed: Leased[] = [];
    const undo = () => {
      for (const c of leased) this.reserve(c, -1);
      for (const c of freed) {
        this.reserve(c, 1);
        c.released = false;
      }
      leased = [];
      freed = [];
    };
    let results: T[];
    try {
      results = await this.ctx.store.tx(() => {
        undo();
        const now = Date.now();
        return fns.map((fn, i) => {
          const item = finishing[i];
          if (item && !item.released) {
            this.reserve(item, -1);
            item.released = true;
            freed.push(item);
          }
          return fn((candidates) => this.leaseSome(candidates, now, leased), now);
        });
      });
    } catch (e) {
      undo();
      throw e;
    }
    const readyAt = Date.now();
    for (const c of leased) this.dispatch({ ...c, readyAt: Math.max(readyAt, c.availableAt), released: false, nonce: String(++this.dispatchSeq) });
    return results;
  }

  /**
   * Group commit: results that arrive in the same turn of the event loop are recorded in one
   * transaction. If that transaction fails, each is retried in its own, so one bad result cannot
   * hold back the others.
   */
  private record<T>(item: Leased | undefined, fn: (lease: Lease, now: number) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ item, fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.batch.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    try {
      const results = await this.inTx(batch.map((b) => b.fn), batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) batch[0].reject(e);
      else for (const b of batch) this.inTx([b.fn], [b.item]).then(([r]) => b.resolve(r), b.reject);
    }
  }

  /** See Ctx.inGroupCommit: `fn` in the group commit, then whatever is due now is leased in the same transaction. */
  inGroupCommit<T>(fn: (now: number) => T): Promise<T> {
    return this.record(undefined, (lease, now) => {
      const r = fn(now);
      const free = this.ctx.opts.maxInFlight - this.active;
      if (free > 0) lease(this.ctx.store.sql.due.all({ now, limit: free * 4 }) as QueueRow[]);
      return r;
    });
  }

  private async tick(): Promise<void> {
    const free = this.ctx.opts.maxInFlight - this.active;
    if (free <= 0) return;
    // A plain read first: most ticks find nothing due and must not cost a commit.
    const due = (now: number) => this.ctx.store.sql.due.all({ now, limit: free * 4 }) as QueueRow[];
    if (due(Date.now()).length === 0) return;
    await this.inTx([(lease, now) => lease(due(now))]);
  }

  private dispatch(c: Leased): void {
    if (this.stopping) {
      this.reserve(c, -1); // stop() hands its lease back
      return;
    }
    this.dispatched.set(c.id, c.nonce);
    const p = this.run(c)
      .catch((e) => logger.error({ err: e, runId: c.runId }, "executor: item failed; it will be retried when its lease ends"))
      .finally(() => {
        if (!c.released) this.reserve(c, -1);
        c.released = true;
        if (this.dispatched.get(c.id) === c.nonce) this.dispatched.delete(c.id);
        this.refused.delete(`${c.id}.${c.nonce}`);
        this.inFlight.delete(c.id);
        this.wake();
      });
    this.inFlight.set(c.id, p);
  }

  /**
   * Records steps the SDK checkpointed during a call, in the group commit, before the SDK is told
   * to go on. A dispatch of this process must be the current one for its item; the transaction
   * then checks (and renews) the lease itself.
   */
  async checkpoint(input: CheckpointInput): Promise<CheckpointResult> {
    const own = input.token.owner === this.owner;
    const key = `${input.token.itemId}.${input.token.nonce}`;
    if (own && this.dispatched.get(input.token.itemId) !== input.token.nonce) return "stale";
    const t0 = performance.now();
    const result = await this.record(undefined, (_lease, now) => applyCheckpoint(this.ctx.store, input, own, this.ctx.opts.leaseMs, now));
    this.ctx.timings?.checkpointRecord?.push(performance.now() - t0);
    if (result === "stale" && own && this.dispatched.get(input.token.itemId) === input.token.nonce) this.refused.add(key);
    return result;
  }

  private async run(item: Leased): Promise<void> {
    const { store, timings } = this.ctx;
    const { sql } = store;
    const next = (lease: Lease, now: number) => lease(sql.dueOfRun.all({ runId: item.runId, now }) as QueueRow[]);
    if (item.kind !== "CALL") {
      await this.record(item, (lease, now) => applyTimer(this.ctx, store, item, this.owner, now) && next(lease, now));
      return;
    }
    const fn = this.ctx.functions.get(item.functionId);
    if (!fn) {
      await this.record(item, (_, now) => applyMissingFunction(this.ctx, store, item, this.owner, now));
      return;
    }
    const t0 = performance.now();
    timings?.queueWait.push(Date.now() - item.readyAt);
    // One read snapshot for the run and its settled steps.
    const state = store.read(() => ({
      run: sql.runForCall.get(item.runId) as { stack: string; disableImmediate: number; payload: string } | undefined,
      steps: sql.settledSteps.all(item.runId) as StepRow[],
    }));
    if (!state.run) return;
    const stateSteps: Record<string, { type: "data"; data: unknown } | { type: "error"; error: unknown }> = {};
    for (const s of state.steps) {
      stateSteps[s.stepId] = s.status === "COMPLETED" ? { type: "data", data: JSON.parse(s.data ?? "null") } : { type: "error", error: JSON.parse(s.error ?? "{}") };
    }
    const t1 = performance.now();
    const disableImmediate = Boolean(state.run.disableImmediate) || item.stepId !== "step";
    const outcome = await callApp(this.ctx, {
      fn,
      stepId: item.stepId,
      runId: item.runId,
      attempt: item.attempt,
      maxAttempts: maxAttempts(fn.config),
      disableImmediate,
      event: JSON.parse(state.run.payload) as StoredEvent,
      steps: stateSteps,
      stack: JSON.parse(state.run.stack) as string[],
      // A discovery call may run the following steps in-band and checkpoint them (checkpoint.ts).
      checkpoint: this.ctx.opts.checkpointing && !disableImmediate ? { fnId: fn.id, qiId: encodeDispatchToken({ itemId: item.id, owner: this.owner, nonce: item.nonce }) } : undefined,
    });
    const t2 = performance.now();
    const checkpointRefused = this.refused.delete(`${item.id}.${item.nonce}`);
    const applied = await this.record(item, (lease, now) => {
      const ok = applyCallOutcome(this.ctx, store, fn, item, this.owner, outcome, now, checkpointRefused);
      if (ok) next(lease, now);
      return ok;
    });
    if (timings) {
      timings.stateRead.push(t1 - t0);
      timings.appCall.push(t2 - t1);
      timings.apply.push(performance.now() - t2);
    }
    if (!applied) logger.info({ runId: item.runId, itemId: item.id }, "executor: result for an item no longer held (cancelled run or expired lease); ignored");
  }
}
