import { describe, expect, it } from "vitest";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { normalise, parseEmployeeCount, parseSeenAt, rb2bPayload } from "./rb2b.schemas";

describe("parseEmployeeCount", () => {
  it.each([
    [60, { min: 60, max: 60 }], ["51-200", { min: 51, max: 200 }], ["51 - 200", { min: 51, max: 200 }],
    ["1,001-5,000", { min: 1001, max: 5000 }], ["10,001+", { min: 10001, max: null }], ["10001+", { min: 10001, max: null }],
    ["250", { min: 250, max: 250 }], ["11-50 employees", { min: 11, max: 50 }], [null, { min: null, max: null }],
    [undefined, { min: null, max: null }], ["", { min: null, max: null }],
    ["200-51", "invalid"], ["lots", "invalid"], [-1, "invalid"], [3.5, "invalid"], [true, "invalid"],
  ])("%j", (input, expected) => expect(parseEmployeeCount(input)).toEqual(expected));
});

describe("parseSeenAt", () => {
  it.each([
    ["2026-11-24T10:15:00Z", "2026-11-24T10:15:00.000Z"],
    ["2026-11-24T10:15:00.000+02:00", "2026-11-24T08:15:00.000Z"],
    ["2024-01-01T12:34:56:00.00+00.00", "2024-01-01T12:34:56.000Z"],
    ["tomorrow", null],
  ])("%s", (input, iso) => expect(parseSeenAt(input)?.toISOString() ?? null).toBe(iso));
});

describe("normalise", () => {
  it.each([
    [rb2bPerson(), "li:linkedin.com/in/jordan-rivera-0a1b2c", false],
    [rb2bPerson({ "LinkedIn URL": "https://uk.linkedin.com/in/Jordan-Rivera-0a1b2c?trk=x" }), "li:linkedin.com/in/jordan-rivera-0a1b2c", false],
    [rb2bPerson({ "LinkedIn URL": null }), "email:jordan.rivera@acme-analytics.com", false],
    [rb2bCompanyOnly(), "company:globex.example", true],
    [rb2bCompanyOnly({ Website: null }), "company-name:globex corporation", true],
  ])("%#: identity %s", (payload, key, companyOnly) => {
    const v = normalise(rb2bPayload.parse(payload));
    expect(v.identityKey).toBe(key);
    expect(v.isCompanyOnly).toBe(companyOnly);
  });
  it("a Website that is no domain cannot be the only identity: refused with the field named (fuzz find)", () => {
    const r = rb2bPayload.safeParse(rb2bCompanyOnly({ Website: "יִࡰ", "Company Name": null }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["Website"]);
    // With a company name beside it, the same Website is accepted (keyed by the name).
    expect(normalise(rb2bPayload.parse(rb2bCompanyOnly({ Website: "יִࡰ" }))).identityKey).toBe("company-name:globex corporation");
  });
  it("tags: comma string or array, trimmed, empties dropped", () => {
    expect(normalise(rb2bPayload.parse(rb2bPerson({ Tags: " a, ,b ,c" }))).tags).toEqual(["a", "b", "c"]);
    expect(normalise(rb2bPayload.parse(rb2bPerson({ Tags: ["x", " y "] }))).tags).toEqual(["x", "y"]);
    expect(normalise(rb2bPayload.parse(rb2bPerson({ Tags: null }))).tags).toEqual([]);
  });
  it("numeric zipcode is kept as text; empty strings become null", () => {
    const v = normalise(rb2bPayload.parse(rb2bPerson({ Zipcode: 73301, Title: "  " })));
    expect(v.zipcode).toBe("73301");
    expect(v.title).toBeNull();
  });
});
