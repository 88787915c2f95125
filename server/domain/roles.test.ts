import { describe, expect, it } from "vitest";
import { isRole, satisfies, type Access, type Role } from "./roles";

describe("satisfies", () => {
  const table: [Role | null, Access, boolean][] = [
    [null, "PUBLIC", true],
    [null, "VIEWER", false],
    [null, "ADMIN", false],
    ["VIEWER", "PUBLIC", true],
    ["VIEWER", "VIEWER", true],
    ["VIEWER", "APPROVER", false],
    ["VIEWER", "ADMIN", false],
    ["APPROVER", "VIEWER", true],
    ["APPROVER", "APPROVER", true],
    ["APPROVER", "ADMIN", false],
    ["ADMIN", "VIEWER", true],
    ["ADMIN", "APPROVER", true],
    ["ADMIN", "ADMIN", true],
  ];
  it.each(table)("role %s needing %s -> %s", (role, required, expected) => {
    expect(satisfies(role, required)).toBe(expected);
  });
});

describe("isRole", () => {
  it.each([["VIEWER", true], ["ADMIN", true], ["admin", false], ["", false], [null, false], [3, false]])(
    "%s -> %s",
    (value, expected) => expect(isRole(value)).toBe(expected),
  );
});
