import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/domain/roles";
import { signActionToken, verifyActionToken } from "@/server/features/digest/action-links";
import { generateDueDigest } from "@/server/features/digest/digest.service";
import { killSwitches, setKillSwitch } from "@/server/features/settings/settings.service";
import { createSandboxSlack } from "@/server/integrations/slack/slack.sandbox";
import { ensureTemplate } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { createCaller } from "./root";

/**
 * The weekly digest and its one-click override links: generated once per week when due in the
 * digest's time zone; links are signed, single-use and expiring; the confirmation query changes
 * nothing and only the approver's POST acts (audited).
 */
let t: TestDb;
let viewer: Actor;
let approver: Actor;
const slack = createSandboxSlack();
const as = (u: Actor) => createCaller({ db: t.db, user: u, requestId: "digest" });
const tokenOf = (url: string) => new URL(url, "http://x").searchParams.get("token")!;

beforeAll(async () => {
  t = await createTestDb();
  viewer = await createUser(t.db, "VIEWER");
  approver = await createUser(t.db, "APPROVER");
});
afterAll(() => t.cleanup());

describe("weekly digest", () => {
  it("is generated once when due (Monday 08:00 in the settings time zone) and posted as an alert with the proposed actions", async () => {
    const { templateVersionId } = await ensureTemplate(t.db);
    const tv = await t.db.templateVersion.findUniqueOrThrow({ where: { id: templateVersionId }, select: { templateId: true } });
    await t.db.template.update({ where: { id: tv.templateId }, data: { flaggedAt: new Date("2026-11-20T10:00:00Z"), flagReason: "3 negative replies" } });
    await setKillSwitch(t.db, approver, "PAUSE_ALL_SENDS", true);

    expect(await generateDueDigest(t.db, { slack, now: new Date("2026-11-23T12:30:00Z") })).toMatchObject({ generated: false, reason: "not yet due this week" });
    const r = await generateDueDigest(t.db, { slack, now: new Date("2026-11-23T13:05:00Z") });
    expect(r).toMatchObject({ generated: true, weekKey: "2026-W48" });
    expect(await generateDueDigest(t.db, { slack, now: new Date("2026-11-23T14:05:00Z") })).toMatchObject({ generated: false, reason: "already generated" });

    const page = await as(viewer).digest.get({});
    expect(page.digest?.weekKey).toBe("2026-W48");
    expect(page.digest?.data.flaggedTemplates.map((x) => x.flagReason)).toEqual(["3 negative replies"]);
    expect(page.digest?.data.anomalies.join(" ")).toContain("Sending is paused");
    expect(page.digest?.data.actions.map((a) => a.kind).sort()).toEqual(["RESUME_SENDING", "UNFLAG_TEMPLATE"]);
    const alert = await t.db.alert.findFirstOrThrow({ where: { kind: "DIGEST" } });
    expect(JSON.parse(alert.buttons).map((b: { url: string }) => b.url)).toEqual(page.digest?.data.actions.map((a) => a.url));
  });

  it("a link: inspecting changes nothing; a viewer cannot use it; the approver's POST acts once, audited; reuse is refused", async () => {
    const { digest } = await as(viewer).digest.get({});
    const resume = digest!.data.actions.find((a) => a.kind === "RESUME_SENDING")!;
    const token = tokenOf(resume.url);
    expect(await as(viewer).digest.inspectLink({ token })).toMatchObject({ valid: true, problem: null, action: { kind: "RESUME_SENDING" } });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);
    await expect(as(viewer).digest.useLink({ token })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);

    expect(await as(approver).digest.useLink({ token })).toMatchObject({ done: true, message: "Sending resumed." });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS).toMatchObject({ on: false, by: approver.name });
    expect(await t.db.auditLog.count({ where: { action: "digest.override", decision: "ALLOW", actorId: approver.id } })).toBe(1);

    await setKillSwitch(t.db, approver, "PAUSE_ALL_SENDS", true);
    await expect(as(approver).digest.useLink({ token })).rejects.toThrow(/already used/);
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);
    expect(await as(viewer).digest.inspectLink({ token })).toMatchObject({ valid: false, problem: "used" });
    await setKillSwitch(t.db, approver, "PAUSE_ALL_SENDS", false);
  });

  it("an altered link is refused (payload or signature), and acts on nothing", async () => {
    const { digest } = await as(viewer).digest.get({});
    const token = tokenOf(digest!.data.actions.find((a) => a.kind === "UNFLAG_TEMPLATE")!.url);
    const [body, sig] = token.split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, act: "RESUME_SENDING" })).toString("base64url")}.${sig}`;
    const flippedSig = `${body}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    for (const bad of [forged, flippedSig, `${body}x.${sig}`]) {
      expect(await as(viewer).digest.inspectLink({ token: bad })).toMatchObject({ valid: false, problem: "signature" });
      await expect(as(approver).digest.useLink({ token: bad })).rejects.toThrow(/altered/);
    }
    expect(await as(viewer).digest.inspectLink({ token: "not-a-token" })).toMatchObject({ valid: false, problem: "malformed" });
    expect((await t.db.template.findFirstOrThrow({ where: { flagReason: { not: null } } })).flaggedAt).not.toBeNull();
    // The untouched link still works: un-flags the template.
    expect(await as(approver).digest.useLink({ token })).toMatchObject({ done: true });
    expect(await t.db.template.count({ where: { flaggedAt: { not: null } } })).toBe(0);
    // Through the learner's review path, so the flag rule restarts its evidence after this review.
    expect(await t.db.templateFlagReview.count()).toBe(1);
  });

  it("an expired link is refused", async () => {
    const tpl = await t.db.template.findFirstOrThrow({ select: { id: true } });
    const { token } = signActionToken({ act: "PAUSE_TEMPLATE", params: { templateId: tpl.id }, now: new Date(Date.now() - 8 * 86_400_000) });
    expect(verifyActionToken(token, new Date())).toEqual({ ok: false, reason: "expired" });
    expect(await as(viewer).digest.inspectLink({ token })).toMatchObject({ valid: false, problem: "expired" });
    await expect(as(approver).digest.useLink({ token })).rejects.toThrow(/expired/);
    expect((await t.db.template.findUniqueOrThrow({ where: { id: tpl.id } })).active).toBe(true);
    // A fresh one for the same action works, once.
    const fresh = signActionToken({ act: "PAUSE_TEMPLATE", params: { templateId: tpl.id }, now: new Date() }).token;
    expect(await as(approver).digest.useLink({ token: fresh })).toMatchObject({ done: true });
    expect((await t.db.template.findUniqueOrThrow({ where: { id: tpl.id } })).active).toBe(false);
  });

  it("a link signed with another key is refused", () => {
    const { token } = signActionToken({ act: "RESUME_SENDING", params: {}, now: new Date() }, "another-key-another-key-another-key!");
    expect(verifyActionToken(token, new Date())).toEqual({ ok: false, reason: "signature" });
  });

  it("parallel confirmations of one link: exactly one acts (the used-token primary key decides)", async () => {
    await setKillSwitch(t.db, approver, "PAUSE_ALL_SENDS", true);
    const { token } = signActionToken({ act: "RESUME_SENDING", params: {}, now: new Date() });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => as(approver).digest.useLink({ token })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.usedActionToken.count({ where: { action: "RESUME_SENDING" } })).toBe(2);
  });
});
