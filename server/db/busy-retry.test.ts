import { describe, expect, it } from "vitest";
import { isBusyError, retryBusy } from "./busy-retry";

// Shapes as Prisma 6.19 and its adapters report them (message, code, driver adapter cause).
const cases: [string, unknown, boolean][] = [
  ["SQLite busy (adapter cause)", { code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "SQLITE_BUSY_SNAPSHOT" } } } }, true],
  ["SQLite locked (message)", { message: "database is locked" }, true],
  ["busy timeout as P1008", { code: "P1008", message: "Operation has timed out" }, true],
  ["PostgreSQL deadlock", { meta: { driverAdapterError: { cause: { originalCode: "40P01" } } } }, true],
  ["PostgreSQL serialization failure", { meta: { driverAdapterError: { cause: { originalCode: "40001" } } } }, true],
  ["Prisma write conflict", { code: "P2034" }, true],
  ["pool exhausted before the transaction began", { code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." }, true],
  ["transaction expired mid-way (outcome unknown)", { code: "P2028", message: "Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction." }, false],
  ["unique constraint", { code: "P2002", message: "Unique constraint failed" }, false],
  ["plain error", new Error("boom"), false],
  ["not an error", null, false],
];

describe("isBusyError", () => {
  it.each(cases)("%s", (_name, err, busy) => {
    expect(isBusyError(err)).toBe(busy);
  });
});

describe("retryBusy", () => {
  it("runs the whole transaction again after a busy error, and gives up after five attempts", async () => {
    let calls = 0;
    await expect(retryBusy(async () => {
      calls++;
      if (calls < 3) throw { code: "P2034" };
      return "ok";
    })).resolves.toBe("ok");
    expect(calls).toBe(3);

    calls = 0;
    await expect(retryBusy(async () => {
      calls++;
      throw { code: "P2034" };
    })).rejects.toEqual({ code: "P2034" });
    expect(calls).toBe(5);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    await expect(retryBusy(async () => {
      calls++;
      throw new Error("boom");
    })).rejects.toThrow("boom");
    expect(calls).toBe(1);
  });
});
