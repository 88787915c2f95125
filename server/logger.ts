import pino from "pino";

// Personal data must never reach the logs: known fields are redacted by path, and any string
// that still contains an e-mail address or a phone number is scrubbed by pattern.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w-])\+?\(?\d[\d ().-]{7,}\d(?![\w-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const REDACT_PATHS = [
  "email", "*.email", "firstName", "*.firstName", "lastName", "*.lastName", "name", "*.name",
  "phone", "*.phone", "password", "*.password", "passwordHash", "*.passwordHash",
  "req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers.cookie",
];

export function scrub(value: string): string {
  return value
    .replace(EMAIL, "[email]")
    .replace(PHONE, (m) => (ISO_DATE.test(m) || m.replace(/\D/g, "").length < 9 ? m : "[phone]"));
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Date) return value;
  if (value instanceof Error) return { type: value.name, message: scrub(value.message) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { app: "caio-swarm" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

export const logger = createLogger();
export type Logger = ReturnType<typeof createLogger>;
