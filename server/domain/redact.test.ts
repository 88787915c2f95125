import { describe, expect, it } from "vitest";
import { REDACTED, redactJsonText, redactValue } from "./redact";

describe("redactValue", () => {
  it.each([
    [{ email: "a@b.co", id: "v1" }, { email: REDACTED, id: "v1" }],
    [{ firstName: "Ann", lastName: "Lee", score: 7 }, { firstName: REDACTED, lastName: REDACTED, score: 7 }],
    [{ note: "write to ann@example.com today" }, { note: `write to ${REDACTED} today` }],
    [{ note: "call +1 (415) 555-0100 now" }, { note: `call ${REDACTED} now` }],
    [{ nested: [{ phone: "123" }] }, { nested: [{ phone: REDACTED }] }],
    [{ email: null }, { email: null }],
    [42, 42],
    [null, null],
  ])("%j -> %j", (input, expected) => {
    expect(redactValue(input)).toEqual(expected);
  });

  it("cuts long strings and long arrays", () => {
    expect((redactValue("x".repeat(600)) as string).endsWith("(600 chars)")).toBe(true);
    expect((redactValue(Array(60).fill(1)) as unknown[]).at(-1)).toBe("… 10 more");
  });

  it("handles text that is not JSON", () => {
    expect(redactJsonText("not json a@b.co")).toBe(JSON.stringify(`not json ${REDACTED}`));
    expect(redactJsonText(null)).toBeNull();
  });
});
