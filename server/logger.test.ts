import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, scrub } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger redaction", () => {
  it("redacts known personal fields by path", () => {
    const { logger, lines } = capture();
    logger.info({ email: "dani@acme.com", visitor: { firstName: "Dani", lastName: "Smith", phone: "+1 415 555 0100" } }, "x");
    // Without the timestamp, whose digits can contain the phone number's (1795530055591 has "555").
    const out = lines.map((l) => JSON.stringify({ ...JSON.parse(l), time: undefined })).join("");
    for (const s of ["dani@acme.com", "Dani", "Smith", "555"]) expect(out).not.toContain(s);
    expect(out).toContain("[redacted]");
  });

  it("scrubs e-mail addresses and phone numbers anywhere in messages and values", () => {
    const { logger, lines } = capture();
    logger.info({ note: "reply from lee@example.org", nested: { deep: ["call +44 20 7946 0958"] } }, "sent to bob@corp.io");
    const out = lines.join("");
    expect(out).not.toMatch(/@example\.org|bob@corp\.io|7946/);
    expect(out).toContain("[email]");
    expect(out).toContain("[phone]");
  });

  it.each([
    ["plain text", "plain text"],
    ["a@b.co", "[email]"],
    ["(415) 555-0100", "[phone]"],
    ["order 12345", "order 12345"],
    ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z"],
    ["on 2026-11-24 at noon", "on 2026-11-24 at noon"],
    ["call +1 (415) 555-0100 now", "call [phone] now"],
  ])("scrub(%s)", (input, expected) => expect(scrub(input)).toBe(expected));
});
