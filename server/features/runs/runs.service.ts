import type { z } from "zod";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { DomainError, notFound, preconditionFailed } from "@/server/domain/errors";
import { redactJsonText } from "@/server/domain/redact";
import { executorClientFromEnv, ExecutorCallError, type ExecutorClient } from "@/server/integrations/inngest-executor/client";
import * as repo from "./runs.repository";
import type { runDetailOutput, runsListInput, runsListOutput } from "./runs.schemas";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function list(db: Db, input: z.output<typeof runsListInput>): Promise<z.infer<typeof runsListOutput>> {
  const [rows, fns] = await Promise.all([repo.listRuns(db, input), repo.functionIds(db)]);
  const page = rows.slice(0, input.limit);
  return {
    rows: page.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), startedAt: iso(r.startedAt), endedAt: iso(r.endedAt) })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].id : null,
    functions: fns.map((f) => f.id),
  };
}

/** One run with its steps, a timeline and pending work. Outputs and errors are redacted for display. */
export async function get(db: Db, runId: string): Promise<z.infer<typeof runDetailOutput>> {
  const run = await repo.findRun(db, runId);
  if (!run) throw notFound("Run");
  const [steps, pending, event] = await Promise.all([repo.stepsOf(db, runId), repo.pendingOf(db, runId), repo.findEvent(db, run.eventId)]);
  const timeline: { at: string; label: string }[] = [{ at: run.createdAt.toISOString(), label: `queued by ${event?.name ?? "event"}` }];
  if (run.startedAt) timeline.push({ at: run.startedAt.toISOString(), label: "started" });
  for (const s of steps) if (s.endedAt) timeline.push({ at: s.endedAt.toISOString(), label: `${s.op} "${s.name}" ${s.status.toLowerCase()}${s.attempts > 1 ? ` after ${s.attempts} attempts` : ""}` });
  if (run.endedAt) timeline.push({ at: run.endedAt.toISOString(), label: run.status.toLowerCase() });
  timeline.sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: run.id,
    functionId: run.functionId,
    status: run.status,
    attempts: run.attempts,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    endedAt: iso(run.endedAt),
    eventId: run.eventId,
    eventName: event?.name ?? "(unknown)",
    output: redactJsonText(run.output),
    error: redactJsonText(run.error),
    steps: steps.map((s) => ({
      stepId: s.stepId, name: s.name, op: s.op, status: s.status, attempts: s.attempts,
      output: redactJsonText(s.data), error: redactJsonText(s.error), startedAt: s.startedAt.toISOString(), endedAt: iso(s.endedAt),
    })),
    timeline,
    pending: pending.map((p) => ({ kind: p.kind, stepId: p.stepId, attempt: p.attempt, at: new Date(Number(p.availableAt)).toISOString() })),
  };
}

function executor(client?: ExecutorClient): ExecutorClient {
  return client ?? executorClientFromEnv(env());
}

function unavailable(e: unknown): never {
  if (e instanceof ExecutorCallError) throw preconditionFailed(e.message);
  throw e;
}

export async function cancel(db: Db, runId: string, client?: ExecutorClient): Promise<{ ok: true }> {
  const run = await repo.findRun(db, runId);
  if (!run) throw notFound("Run");
  if (!["QUEUED", "RUNNING"].includes(run.status)) throw new DomainError("CONFLICT", `the run is already ${run.status.toLowerCase()}`);
  await executor(client).cancelRun(runId).catch(unavailable);
  return { ok: true };
}

/** Sends the run's triggering event again (as a new event): every function it triggers runs anew. */
export async function replay(db: Db, runId: string, client?: ExecutorClient): Promise<{ eventIds: string[] }> {
  const run = await repo.findRun(db, runId);
  if (!run) throw notFound("Run");
  const event = await repo.findEvent(db, run.eventId);
  if (!event) throw notFound("Event");
  if (event.name.startsWith("inngest/")) throw preconditionFailed(`"${event.name}" is an internal event and cannot be replayed`);
  const payload = JSON.parse(event.payload) as { data?: Record<string, unknown> };
  const eventIds = await executor(client).sendEvent({ name: event.name, data: payload.data ?? {} }).catch(unavailable);
  return { eventIds };
}
