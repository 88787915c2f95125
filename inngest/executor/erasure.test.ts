import { afterAll, beforeAll, expect, it } from "vitest";
import { eraseContact } from "@/server/features/privacy/erasure.service";
import { useGlobalDb } from "@/server/testing/global-db";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { rowsContainingText } from "@/server/testing/text-scan";
import { createUser } from "@/server/testing/users";
import { startHarness, waitFor, type Harness } from "./testing/harness";

// Erasing a contact while the real executor has runs about them: one waiting for an event, one
// with a step executing at that very moment. The erasure cancels both in its transaction; the
// in-flight step's result (a checkpoint) then finds no lease and is dropped, and another contact's
// run carries on to the end. Afterwards no table holds the person's e-mail or name.
let t: TestDb;
let h: Harness;
const EMAIL = "sasha.vandermeer-quist@erasure-exec.example";
const [FIRST, LAST] = ["Sasha", "Vandermeer-Quist"];
let releaseGate!: () => void;
const gate = new Promise<void>((r) => (releaseGate = r));
let stepEntered!: () => void;
const inside = new Promise<void>((r) => (stepEntered = r));

beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  h = await startHarness(t);
  const c = h.client;
  const who = async (draftId: string) => {
    const d = await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitor: { select: { email: true, firstName: true, lastName: true } } } });
    return { to: d.visitor.email, name: `${d.visitor.firstName} ${d.visitor.lastName}` };
  };
  await h.serve([
    c.createFunction({ id: "about-draft", triggers: [{ event: "t/draft" }] }, async ({ event, step }) => {
      const person = await step.run("load", () => who(event.data.draftId as string));
      const reply = await step.waitForEvent("reply", { event: "t/reply", timeout: "1h", if: "async.data.draftId == event.data.draftId" });
      return step.run("after", () => ({ person, replied: reply !== null }));
    }),
    c.createFunction({ id: "slow", triggers: [{ event: "t/slow" }] }, async ({ event, step }) => {
      return step.run("gated", async () => {
        stepEntered();
        await gate;
        return who(event.data.draftId as string);
      });
    }),
  ]);
});
afterAll(async () => {
  releaseGate();
  await h?.close();
  await t?.cleanup();
});

it("cancels the contact's live runs in the erasure transaction; a result still in flight changes nothing; other runs finish", async () => {
  const [erased, kept] = await seedDrafts(t.db, [{ email: EMAIL, status: "APPROVED" }, { email: "robin@kept.example", status: "APPROVED" }], "exec-erase");
  const visitorOf = async (draftId: string) => (await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } })).visitorId;
  const erasedVisitor = await visitorOf(erased!);
  await t.db.visitor.update({ where: { id: erasedVisitor }, data: { firstName: FIRST, lastName: LAST } });
  await t.db.visitor.update({ where: { id: await visitorOf(kept!) }, data: { firstName: "Robin", lastName: "Kept" } });

  await h.executor.send([{ name: "t/draft", data: { draftId: erased } }, { name: "t/draft", data: { draftId: kept } }]);
  await waitFor(async () => ((await t.db.execWait.count()) === 2 ? true : undefined), 20_000, "both runs waiting for a reply");
  await h.executor.send([{ name: "t/slow", data: { draftId: erased } }]);
  await inside; // the gated step is executing now, its call leased
  expect(await rowsContainingText(t.db, t.dialect, EMAIL)).not.toEqual([]);

  const admin = await createUser(t.db, "ADMIN");
  const res = await eraseContact(t.db, admin, erasedVisitor);
  expect(res.counts).toMatchObject({ execRunsCancelled: 2 });
  releaseGate();

  await h.executor.send([{ name: "t/reply", data: { draftId: kept } }, { name: "t/reply", data: { draftId: erased } }]);
  const keptRun = await waitFor(async () => {
    const runs = await t.db.execRun.findMany({ where: { functionId: "test-app-about-draft", status: "COMPLETED" }, select: { id: true, output: true } });
    return runs.length === 1 ? runs[0] : undefined;
  }, 20_000, "the other contact's run to finish");
  expect(JSON.parse(keptRun!.output ?? "null")).toEqual({ person: { to: "robin@kept.example", name: "Robin Kept" }, replied: true });
  await h.close(); // waits for the call still in flight: its result has been handled (dropped) after this

  const runs = await t.db.execRun.findMany({ where: { id: { not: keptRun!.id } }, select: { id: true, functionId: true, status: true } });
  expect(runs.map((r) => [r.functionId, r.status]).sort()).toEqual([["test-app-about-draft", "CANCELLED"], ["test-app-slow", "CANCELLED"]]);
  const ids = runs.map((r) => r.id);
  expect(await t.db.execQueueItem.count({ where: { runId: { in: ids } } })).toBe(0);
  expect(await t.db.execWait.count()).toBe(0);
  expect(await t.db.execStep.count({ where: { runId: { in: ids }, name: { in: ["after", "gated"] }, status: "COMPLETED" } })).toBe(0);
  for (const needle of [EMAIL, FIRST, LAST]) expect(await rowsContainingText(t.db, t.dialect, needle), needle).toEqual([]);
});
