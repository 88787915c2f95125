import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time secret comparison. Both sides are hashed first so the buffers always have equal
 * length (timingSafeEqual requires it) and the comparison time does not reveal the secret's length.
 */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  const a = createHash("sha256").update(given ?? "").digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given != null && expected.length > 0;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

/** Reads a request body as UTF-8, refusing (without buffering the rest) once it exceeds `maxBytes`. */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(`body exceeds ${maxBytes} bytes`);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** Runs `p` but gives up after `ms` (the promise itself keeps running; callers record the give-up). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** A step of request handling that either produced a value or the response to answer with. */
export type Step<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The body as text within the cap, or the 413 to answer. */
export async function readRaw(req: Request, maxBytes: number): Promise<Step<string>> {
  try {
    return { ok: true, value: await readBodyCapped(req, maxBytes) };
  } catch (e) {
    if (e instanceof BodyTooLargeError) return { ok: false, response: json(413, { error: `body larger than ${maxBytes} bytes` }) };
    throw e;
  }
}

/** The body parsed as JSON, or the 400 to answer. */
export function parseJson(raw: string): Step<unknown> {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, response: json(400, { error: "body is not valid JSON" }) };
  }
}

/** The 400 for a payload that failed validation, naming the first bad field. */
export function invalidField(issues: readonly { path: readonly PropertyKey[]; message?: string }[]): Response {
  const issue = issues[0];
  const field = issue?.path.map(String).join(".") || "(body)";
  return json(400, { error: `${field}: ${issue?.message ?? "invalid"}`, field });
}
