import { describe, expect, it } from "vitest";
import { canTransition, DRAFT_STATUSES, sourcesOf, TERMINAL, type DraftStatus } from "./draft-status";

describe("draft status transitions", () => {
  it.each([...TERMINAL])("terminal %s never moves", (from) => {
    for (const to of DRAFT_STATUSES) expect(canTransition(from, to)).toBe(false);
  });

  const table: [DraftStatus, DraftStatus, boolean][] = [
    ["PENDING_REVIEW", "APPROVED", true],
    ["PENDING_REVIEW", "REJECTED", true],
    ["PENDING_REVIEW", "SENT", false],
    ["SNOOZED", "APPROVED", true],
    ["APPROVED", "SENDING", true],
    ["APPROVED", "REJECTED", false],
    ["SENDING", "SENT", true],
    ["SENDING", "APPROVED", true],
    ["DRAFTED", "SENT", false],
    ["FAILED", "SENDING", false],
  ];
  it.each(table)("%s -> %s is %s", (from, to, ok) => expect(canTransition(from, to)).toBe(ok));

  it("sourcesOf lists exactly the statuses that may move to the target", () => {
    expect(sourcesOf("REJECTED").sort()).toEqual(["PENDING_REVIEW", "SNOOZED"]);
    expect(sourcesOf("SENT")).toEqual(["SENDING"]);
  });
});
