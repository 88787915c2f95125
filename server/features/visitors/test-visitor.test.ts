import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { scoreVisitor } from "./scoring.service";
import { testPayload } from "./test-visitor";
import { intake } from "./visitors.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

describe("the inbox's test visitor", () => {
  it("is the HOT lead the panel promises, under the default scoring settings", async () => {
    const payload = testPayload();
    const r = await intake(t.db, payload, JSON.stringify(payload), { emit: async () => undefined });
    if (r.kind !== "stored") throw new Error(r.kind);
    expect(await scoreVisitor(t.db, r.visitorId)).toMatchObject({ tier: "HOT" });
  });
});
