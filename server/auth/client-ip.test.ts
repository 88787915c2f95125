import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp (sign-in throttle key)", () => {
  it.each([
    ["set by Next from the socket", { "x-forwarded-for": "127.0.0.1" }, "127.0.0.1"],
    ["appended by our proxy after a client-typed entry", { "x-forwarded-for": "6.6.6.6, 203.0.113.9" }, "203.0.113.9"],
    ["several hops", { "x-forwarded-for": "1.1.1.1,2.2.2.2 , 198.51.100.4" }, "198.51.100.4"],
    ["repeated header", { "x-forwarded-for": ["9.9.9.9", "198.51.100.7"] }, "198.51.100.7"],
    ["missing", {}, "unknown"],
    ["empty", { "x-forwarded-for": " , " }, "unknown"],
  ])("%s", (_n, headers, expected) => {
    expect(clientIp(headers)).toBe(expected);
  });

  it("a client rotating its own first entry behind a proxy stays one address", () => {
    const keys = new Set(Array.from({ length: 20 }, (_, i) => clientIp({ "x-forwarded-for": `10.0.0.${i}, 203.0.113.9` })));
    expect([...keys]).toEqual(["203.0.113.9"]);
  });
});
