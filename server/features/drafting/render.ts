import { Liquid } from "liquidjs";
import type { Fact } from "@/server/features/visitors/profile";

/**
 * Template variables and the grounded fact each one comes from. A template can only say what a
 * fact supports: any other variable is an error (strictVariables), and there is no file system,
 * no includes and no JS evaluation behind the engine.
 */
export const VARIABLES: Record<string, string> = {
  first_name: "firstName",
  last_name: "lastName",
  title: "title",
  company_name: "companyName",
  industry: "industry",
  city: "city",
  company_description: "companyDescription",
  technologies: "technologies",
  page_topic: "pageTopic",
};

const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  templates: {}, // includes/renders resolve against this empty in-memory map, never the disk
  relativeReference: false,
  parseLimit: 20_000,
  renderLimit: 1_000,
  memoryLimit: 1_000_000,
});

export interface Rendered {
  text: string;
  /** The facts the template actually used (the draft's evidence). */
  used: Fact[];
}

/** Renders `source` with the facts; throws on unknown variables, bad syntax or limits. */
export async function render(source: string, facts: Fact[]): Promise<Rendered> {
  const byField = new Map(facts.map((f) => [f.field, f]));
  const scope: Record<string, string> = {};
  for (const [variable, field] of Object.entries(VARIABLES)) {
    const f = byField.get(field);
    if (f) scope[variable] = f.value;
  }
  const tpl = engine.parse(source);
  const text = (await engine.render(tpl, scope)) as string;
  const names = await engine.globalVariables(tpl);
  const used = [...new Set(names)].map((n) => byField.get(VARIABLES[n] ?? "")).filter((f): f is Fact => !!f);
  return { text: text.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim(), used };
}
