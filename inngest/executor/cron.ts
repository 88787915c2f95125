import type { Cron } from "croner";
import { ulid } from "@/server/db/ulid";
import { logger } from "@/server/logger";
import { cronOf } from "./config";
import type { Ctx } from "./context";
import { createRun } from "./runs";
import { isoTime } from "./store";

const SCHEDULED = "inngest/scheduled.timer";

/**
 * Cron triggers. Every second, each cron trigger whose next time has come gets one run; the
 * (function, time) row makes that exactly one even across restarts or two executor processes.
 * Missed ticks while nothing ran are not back-filled (as Inngest does).
 */
export class CronScheduler {
  private timer: NodeJS.Timeout | undefined;
  private last = Date.now();
  private crons = new Map<string, Cron>();

  constructor(private ctx: Ctx) {}

  start(tickMs = 250): void {
    this.last = Date.now();
    this.timer = setInterval(() => void this.tick().catch((e) => logger.error({ err: e }, "executor: cron tick failed")), tickMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private cron(text: string): Cron {
    let c = this.crons.get(text);
    if (!c) this.crons.set(text, (c = cronOf(text)));
    return c;
  }

  async tick(now = Date.now()): Promise<void> {
    const from = this.last;
    this.last = now;
    let created = 0;
    for (const fn of this.ctx.functions.values()) {
      for (const t of fn.config.triggers) {
        if (!t.cron) continue;
        const next = this.cron(t.cron).nextRun(new Date(from));
        if (!next || next.getTime() > now) continue;
        const at = next.getTime();
        const s = this.ctx.store;
        const made = await s.tx(() => {
          if (s.sql.claimCronTick.run(fn.id, at).changes === 0) return false;
          const id = ulid(at);
          const event = { id, name: SCHEDULED, data: { cron: t.cron }, ts: at };
          s.sql.insertEvent.run(id, null, SCHEDULED, JSON.stringify(event), at, isoTime(now));
          const runId = createRun(s, fn, event, now);
          if (runId) s.sql.setCronTickRun.run(runId, fn.id, at);
          return true;
        });
        if (made) created++;
      }
    }
    if (created) this.ctx.wake();
  }
}
