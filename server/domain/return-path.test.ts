import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath (where sign-in may send someone back to)", () => {
  it.each([
    ["/inbox", "/inbox"],
    ["/audit?action=send.claim", "/audit?action=send.claim"],
    ["/inbox/01ABC#edit", "/inbox/01ABC#edit"],
    ["//evil.example", null],
    ["/\\evil.example", null],
    ["/\\/evil.example", null],
    ["https://evil.example/inbox", null],
    ["javascript:alert(1)", null],
    ["inbox", null],
    ["/\tevil", null],
    ["", null],
    [null, null],
  ])("%j -> %j", (input, expected) => expect(safeReturnPath(input)).toBe(expected));
});
