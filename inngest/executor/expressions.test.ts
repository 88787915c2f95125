import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { matches, quickAsyncEquals } from "./expressions";

// quickAsyncEquals must agree with the CEL evaluation wherever it gives an answer.
const incoming = (data: unknown) => ({ name: "clay/enrichment.received", data });

describe("quickAsyncEquals", () => {
  it.each([
    ['async.data.requestId == "req_1"', { requestId: "req_1" }, true],
    ['async.data.requestId == "req_1"', { requestId: "req_2" }, false],
    ['async.data.requestId == "req_1"', {}, false],
    ['async.data.requestId == "1"', { requestId: 1 }, false],
    ['async.data.requestId == "req_1"', { requestId: null }, false],
    ['  async.data.a.b == "x" ', { a: { b: "x" } }, true],
    ['async.data.a.b == "x"', { a: "x" }, false],
    ['async.data.a.b == "x"', { a: ["x"] }, false],
    ['async.data.requestId == ""', { requestId: "" }, true],
  ])("%s on %j -> %s (as CEL says)", (expr, data, want) => {
    expect(quickAsyncEquals(expr, incoming(data))).toBe(want);
    expect(matches(expr, { event: incoming({}), async: incoming(data) })).toBe(want);
  });

  it.each([null, "", 'event.data.id == async.data.id', 'async.data.n == 1', 'async.data.s == "a\\"b"', 'async.data.s == "x" && true', "async.data.s != \"x\""])(
    "leaves %j to CEL",
    (expr) => expect(quickAsyncEquals(expr, incoming({ s: "x" }))).toBeUndefined(),
  );

  it("agrees with CEL on generated values", () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.constantFrom("b", "c"), fc.string(), { maxKeys: 2 }));
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_ -]{0,8}$/), fc.dictionary(fc.constantFrom("a", "id"), value, { maxKeys: 2 }), (lit, data) => {
        for (const expr of [`async.data.id == "${lit}"`, `async.data.a.b == "${lit}"`]) {
          expect(quickAsyncEquals(expr, incoming(data))).toBe(matches(expr, { event: incoming({}), async: incoming(data) }));
        }
      }),
      { numRuns: 300 },
    );
  });
});
