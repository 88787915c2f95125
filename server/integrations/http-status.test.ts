import { describe, expect, it } from "vitest";
import { isPermanentClientError } from "./http-status";

describe("isPermanentClientError", () => {
  it.each([
    [400, true], [401, true], [403, true], [404, true], [410, true], [422, true], [499, true],
    [408, false], [429, false], [500, false], [503, false], [200, false], [399, false], [undefined, false],
  ])("%s -> %s", (status, permanent) => {
    expect(isPermanentClientError(status)).toBe(permanent);
  });
});
