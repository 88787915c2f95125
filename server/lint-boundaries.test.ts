import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Lints source text as if it lived at a path, with the project's real eslint.config.mjs.
const eslint = new ESLint({ cwd: process.cwd() });
async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe("layering lint rule (DESIGN.md §2)", () => {
  const violations: [string, string][] = [
    ["server/domain/x.ts", 'import { PrismaClient } from "@prisma/client";'],
    ["server/domain/x.ts", 'import { initTRPC } from "@trpc/server";'],
    ["server/domain/x.ts", 'import { Inngest } from "inngest";'],
    ["server/domain/x.ts", 'import { useState } from "react";'],
    ["server/domain/x.ts", 'import { getDb } from "@/server/db/client";'],
    ["components/ui/x.tsx", 'import { getDb } from "@/server/db/client";'],
    ["server/features/x/x.service.ts", 'import { router } from "@/server/trpc/init";'],
    ["server/trpc/x.ts", 'import Page from "@/app/(app)/inbox/page";'],
  ];
  it.each(violations)("%s: %s is refused", async (file, code) => {
    expect(await ruleIds(`${code}\nexport const used = [${code.match(/import \{?\s*(\w+)/)?.[1]}];\n`, file)).toContain("no-restricted-imports");
  });

  const allowed: [string, string][] = [
    ["server/domain/x.ts", 'import { createHash } from "node:crypto";'],
    ["server/domain/x.ts", 'import { satisfies } from "@/server/domain/roles";'],
    ["components/ui/x.tsx", 'import { PHASES } from "@/server/domain/phases";'],
    ["server/features/x/x.service.ts", 'import { getDb } from "@/server/db/client";'],
  ];
  it.each(allowed)("%s: %s is allowed", async (file, code) => {
    expect(await ruleIds(`${code}\nexport const used = [${code.match(/import \{?\s*(\w+)/)?.[1]}];\n`, file)).not.toContain("no-restricted-imports");
  });
});
