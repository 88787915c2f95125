import { describe, expect, it } from "vitest";
import { csrfRefusal, CSRF_HEADER } from "./csrf";

const req = (method: string, headers: Record<string, string>) => ({ method, headers: new Headers(headers), url: "http://127.0.0.1:3000/api/trpc/x" });

describe("csrfRefusal", () => {
  it.each([
    ["GET without header", req("GET", {}), null],
    ["POST with header, no origin", req("POST", { [CSRF_HEADER]: "1" }), null],
    ["POST with header, same origin", req("POST", { [CSRF_HEADER]: "1", origin: "http://127.0.0.1:3000" }), null],
    ["POST with header, app URL origin", req("POST", { [CSRF_HEADER]: "1", origin: "https://caio.example" }), null],
    ["POST with header, host origin", req("POST", { [CSRF_HEADER]: "1", host: "localhost:3000", origin: "http://localhost:3000" }), null],
    ["POST without header", req("POST", { origin: "http://127.0.0.1:3000" }), "Missing anti-forgery header."],
    ["POST with wrong header value", req("POST", { [CSRF_HEADER]: "yes" }), "Missing anti-forgery header."],
    ["POST from another site", req("POST", { [CSRF_HEADER]: "1", origin: "https://evil.example" }), "Cross-site request refused."],
  ])("%s", (_n, r, expected) => {
    expect(csrfRefusal(r, "https://caio.example")).toBe(expected);
  });
});
