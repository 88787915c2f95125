/**
 * Redaction of step outputs and errors for display (the run viewer): values under keys that name
 * personal data, and strings that look like e-mail addresses or phone numbers, are masked; long
 * values are cut. Pure and total: any JSON in, JSON-safe value out.
 */
const PII_KEY = /(e-?mail|phone|mobile|first_?name|last_?name|full_?name|^name$|address|street|zip|postcode|linkedin|password|token|secret|ssn|dob|birth)/i;
const EMAIL = /[^\s@"']+@[^\s@"']+\.[^\s@"']+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
export const REDACTED = "[redacted]";
const MAX_STRING = 500;
const MAX_DEPTH = 8;
const MAX_ITEMS = 50;

export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") {
    const masked = value.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
    return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}… (${masked.length} chars)` : masked;
  }
  if (depth >= MAX_DEPTH) return "…";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactValue(v, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `… ${value.length - MAX_ITEMS} more`] : items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = PII_KEY.test(k) && v !== null && v !== undefined ? REDACTED : redactValue(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

/** Redacts a stored JSON text; text that is not JSON is treated as one string. */
export function redactJsonText(text: string | null): string | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return JSON.stringify(redactValue(parsed));
}
