import type { NextConfig } from "next";

/**
 * The headers every response carries. No value may contain a ':' in production: Next substitutes
 * route parameters into a header value that has one by compiling it as a path pattern, on every
 * request (`compileNonPath`); the CSP's `img-src data:` alone cost ~75 µs a request, about a tenth
 * of what `next start` spends on one (bench/intake.ts, profiled). Nothing in the build uses data:
 * images; development keeps them for its overlay.
 */
export function securityHeaders(production: boolean): { key: string; value: string }[] {
  // Next's runtime needs inline scripts for hydration; eval only in development (React refresh).
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self'${production ? "" : " data:"}`,
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "pino"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default nextConfig;
