// Shared pieces of the bad-input suites: hostile values, inputs derived from a zod schema (so a
// case gets past the shape check often enough to reach the service), and a fingerprint of every
// table's row count (a refused request must leave it unchanged: no partial rows).
import fc from "fast-check";
import type { Db } from "@/server/db/client";

/** Values nobody should send: wrong types, empty, huge, odd unicode, injection-looking text. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom("", " ", "\u0000", "\u202e", "😀".repeat(10), "'; DROP TABLE \"Draft\"; --", "<script>alert(1)</script>", "../../etc/passwd", "NaN", "-1", "1e309", "null", "{}", "[]"),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "x".repeat(n)),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, -0, 1e21),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
);

/** Raw bodies that are not the JSON object a route expects. */
export const malformedBody: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.constantFrom("", "{", "}", "{\"a\":", "null", "[]", "[1,2]", "0", "\"text\"", "true", "\uFEFF{}", "{\"__proto__\":{\"x\":1}}", "{\"a\":1,\"a\":2}"),
  fc.json().filter((j) => !j.trim().startsWith("{")),
  fc.integer({ min: 1, max: 400 }).map((d) => "[".repeat(d) + "]".repeat(d)),
  fc.integer({ min: 1, max: 400 }).map((d) => "{\"a\":".repeat(d) + "1" + "}".repeat(d)),
);

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } })?._zod?.def;

/**
 * Inputs for a zod schema: mostly plausible in shape (every key, values of the right kind or from
 * `pool` — ids that exist —, keys left out), mixed with hostile values at every level.
 */
export function inputFor(schema: unknown, pool: string[], depth = 0): fc.Arbitrary<unknown> {
  const plausible = plausibleFor(schema, pool, depth);
  return depth > 3 ? plausible : fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: hostile });
}

function plausibleFor(schema: unknown, pool: string[], depth: number): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  if (!d) return hostile;
  switch (d.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return fc.oneof(inputFor(d.innerType, pool, depth), fc.constantFrom(undefined, null));
    case "pipe":
      return inputFor(d.in, pool, depth);
    case "lazy":
      return hostile;
    case "string":
      return fc.oneof(
        pool.length ? fc.constantFrom(...pool) : fc.string(),
        fc.string({ maxLength: 40 }),
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((x) => x.toISOString()),
        fc.emailAddress(),
        fc.webUrl(),
      );
    case "number":
    case "int":
    case "bigint":
      return fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double(), fc.integer());
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.oneof(fc.date(), fc.string());
    case "enum":
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case "literal":
      return fc.constantFrom(...(d.values as unknown[]));
    case "array":
      return fc.array(inputFor(d.element, pool, depth + 1), { maxLength: 6 });
    case "tuple":
      return fc.tuple(...(d.items as unknown[]).map((i) => inputFor(i, pool, depth + 1)));
    case "union":
      return fc.oneof(...(d.options as unknown[]).map((o) => inputFor(o, pool, depth + 1)));
    case "intersection":
      return fc.oneof(inputFor(d.left, pool, depth + 1), inputFor(d.right, pool, depth + 1));
    case "record":
      return fc.dictionary(fc.string({ maxLength: 20 }), inputFor(d.valueType, pool, depth + 1), { maxKeys: 4 });
    case "object": {
      const shape = d.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, inputFor(v, pool, depth + 1)]));
      // Any subset of the keys, sometimes with an extra one.
      return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(fc.string({ maxLength: 12 }), hostile), { freq: 5 }))
        .map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o));
    }
    case "void":
    case "undefined":
      return fc.constant(undefined);
    default:
      return hostile;
  }
}

let countSql: string | undefined;

/** Row count of every table, one statement. */
export async function fingerprint(db: Db): Promise<Record<string, number>> {
  if (!countSql) {
    const tables = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name`);
    countSql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t.name}") AS "${t.name}"`).join(", ")}`;
  }
  const [row] = await db.$queryRawUnsafe<Record<string, number | bigint>[]>(countSql);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
