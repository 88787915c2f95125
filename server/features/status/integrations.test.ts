import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { ghlIsLive } from "@/server/integrations/ghl";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { integrationStatus } from "./integrations";

describe("GHL is live only with a token and a location (as the send path decides)", () => {
  it.each([
    [{ GHL_API_TOKEN: "t", GHL_LOCATION_ID: "loc" }, true],
    [{ GHL_API_TOKEN: "t", GHL_LOCATION_ID: undefined }, false],
    [{ GHL_API_TOKEN: undefined, GHL_LOCATION_ID: "loc" }, false],
    [{ GHL_API_TOKEN: undefined, GHL_LOCATION_ID: undefined }, false],
  ])("%j -> %s", (e, live) => expect(ghlIsLive(e)).toBe(live));
});

describe("Settings → Integrations", () => {
  let t: TestDb;
  const saved = { token: process.env.GHL_API_TOKEN, location: process.env.GHL_LOCATION_ID };
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    for (const [k, v] of [["GHL_API_TOKEN", saved.token], ["GHL_LOCATION_ID", saved.location]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
    await t.cleanup();
  });
  const ghlMode = async () => (await integrationStatus(t.db)).find((s) => s.service === "ghl")?.mode;

  it("shows GHL in sandbox with a token but no location id (sends go to the sandbox outbox), live with both", async () => {
    process.env.GHL_API_TOKEN = "pit-test-token";
    delete process.env.GHL_LOCATION_ID;
    resetEnvForTests();
    expect(await ghlMode()).toBe("sandbox");
    process.env.GHL_LOCATION_ID = "loc_test";
    resetEnvForTests();
    expect(await ghlMode()).toBe("live");
  });
});
