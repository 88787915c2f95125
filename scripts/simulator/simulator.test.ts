import { describe, expect, it } from "vitest";
import { classifyReply } from "@/server/domain/reply-classifier";
import { personaOf } from "@/server/domain/rewards";
import { seniorityOf } from "@/server/domain/scoring";
import { REPLY_TEXT, simVisitors } from "./market-visitors";
import { plannedEvents } from "./simulator";

describe("simulated market visitors and events", () => {
  it("are deterministic from the seed and differ across seeds", () => {
    expect(simVisitors(7, 20)).toEqual(simVisitors(7, 20));
    expect(simVisitors(7, 20)).not.toEqual(simVisitors(8, 20));
  });
  it("give every visitor a title the product reads as that persona, and an .example address", () => {
    for (const v of simVisitors(3, 200)) {
      expect(personaOf(seniorityOf(v.payload.Title))).toBe(v.persona);
      expect(v.email.endsWith(".sim3.example")).toBe(true);
      expect(v.pages.length).toBeGreaterThan(0);
    }
  });
  it.each(Object.entries(REPLY_TEXT))("a %s reply text is classified as such by the product", (kind, text) => {
    expect(classifyReply({ body: text }).classification).toBe(kind);
  });
  it("plans the same GHL events for the same send, replies and meetings in order", () => {
    const v = simVisitors(1, 1)[0];
    const send = { id: "s1", sentAt: new Date("2026-11-24T15:00:00Z"), templateKey: "low-intro", variantIndex: 1, messageId: "m1", contactId: "c1" };
    expect(plannedEvents(1, v, send)).toEqual(plannedEvents(1, v, send));
    let replies = 0, meetings = 0;
    for (const w of simVisitors(1, 400)) {
      const ev = plannedEvents(1, w, { ...send, id: w.email });
      const kinds = ev.map((e) => e.kind);
      expect(kinds[0] === "bounce" || kinds[0] === "delivered").toBe(true);
      if (kinds.some((k) => k.startsWith("reply:"))) replies++;
      if (kinds.includes("meeting")) {
        meetings++;
        const r = ev.find((e) => e.kind === "reply:positive")!;
        expect(ev.find((e) => e.kind === "meeting")!.delayS).toBeGreaterThan(r.delayS);
      }
    }
    expect(replies).toBeGreaterThan(10);
    expect(meetings).toBeGreaterThan(0);
  });
});
