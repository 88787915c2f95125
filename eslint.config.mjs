import tseslint from "typescript-eslint";

// The dependency direction of DESIGN.md §2, enforced rather than hoped for:
// app -> components, app -> server (server side); server/trpc -> server/features ->
// (server/domain, server/db, server/integrations); inngest/functions -> server/features.
// Nothing imports app/; server/domain imports no framework, database or network code.
const FRAMEWORKS = ["next", "next/*", "react", "react-dom", "@prisma/*", "@trpc/*", "inngest", "inngest/*", "@inngest/*", "next-auth", "next-auth/*"];
const appPatterns = [{ group: ["@/app/*", "**/app/*"], message: "Nothing imports app/ (DESIGN.md §2)." }];

const restrict = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "server/db/generated/**", "next-env.d.ts", "e2e/fixtures/lint/**", "test-results/**", "playwright-report/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["server/domain/**/*.ts"],
    ignores: ["server/domain/**/*.test.ts"],
    rules: restrict([
      ...appPatterns,
      { group: FRAMEWORKS, message: "server/domain is framework-free: no next, react, prisma, trpc or inngest." },
      { group: ["@/server/*", "!@/server/domain", "!@/server/domain/*", "../*"], message: "server/domain imports only server/domain." },
    ]),
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: restrict([
      ...appPatterns,
      { group: ["@/server/*", "!@/server/domain", "!@/server/domain/*", "@prisma/*", "**/db/generated/*"], message: "components are presentational: no server imports (pure domain constants are fine)." },
    ]),
  },
  {
    files: ["server/features/**/*.ts"],
    rules: restrict([
      ...appPatterns,
      { group: ["@/server/trpc", "@/server/trpc/*", "@trpc/*", "next", "next/*", "react", "@/inngest/*", "inngest"], message: "features sit under trpc and inngest: they must not import them." },
    ]),
  },
  {
    files: ["server/integrations/**/*.ts", "server/http/**/*.ts"],
    rules: restrict([
      ...appPatterns,
      { group: ["@/server/trpc", "@/server/trpc/*", "@/server/features/*", "@trpc/*", "next", "next/*", "react", "@/inngest/*"], message: "integrations are leaf HTTP clients." },
    ]),
  },
  {
    files: ["server/db/**/*.ts"],
    rules: restrict([...appPatterns, { group: ["@/server/features/*", "@/server/trpc", "@/server/trpc/*", "@/inngest/*"], message: "db is a leaf." }]),
  },
  {
    files: ["server/trpc/**/*.ts", "server/auth/**/*.ts", "inngest/**/*.ts", "server/*.ts"],
    rules: restrict(appPatterns),
  },
);
