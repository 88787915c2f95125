import { describe, expect, it } from "vitest";
import { securityHeaders } from "./next.config";

describe("security headers", () => {
  it.each([true, false])("production %s: CSP allows no eval in production, and frames nowhere", (production) => {
    const csp = securityHeaders(production).find((h) => h.key === "Content-Security-Policy")!.value;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp.includes("unsafe-eval")).toBe(!production);
  });

  it("in production no header value has a ':' (Next would compile it as a path pattern on every request)", () => {
    for (const h of securityHeaders(true)) expect(h.value, h.key).not.toContain(":");
    expect(securityHeaders(true).map((h) => h.key)).toContain("Strict-Transport-Security");
  });
});
