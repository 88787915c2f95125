import { describe, expect, it } from "vitest";
import { hasChanges, lineDiff } from "./line-diff";

describe("lineDiff", () => {
  it.each([
    ["identical", "a\nb", "a\nb", [["same", "a"], ["same", "b"]]],
    ["changed middle line", "a\nb\nc", "a\nB\nc", [["same", "a"], ["del", "b"], ["add", "B"], ["same", "c"]]],
    ["appended", "a", "a\nb", [["same", "a"], ["add", "b"]]],
    ["removed", "a\nb", "b", [["del", "a"], ["same", "b"]]],
    ["from empty", "", "x", [["del", ""], ["add", "x"]]],
  ])("%s", (_name, before, after, expected) => {
    expect(lineDiff(before, after).map((o) => [o.op, o.line])).toEqual(expected);
  });

  it("applying the diff's kept and added lines gives the edited text; kept and deleted give the original", () => {
    const before = "Hi Sam,\n\nWe help teams.\nThanks\nJo";
    const after = "Hi Sam,\nWe help revenue teams.\n\nThanks\nJo\nPS";
    const ops = lineDiff(before, after);
    expect(ops.filter((o) => o.op !== "del").map((o) => o.line).join("\n")).toBe(after);
    expect(ops.filter((o) => o.op !== "add").map((o) => o.line).join("\n")).toBe(before);
    expect(hasChanges(ops)).toBe(true);
    expect(hasChanges(lineDiff(before, before))).toBe(false);
  });
});
