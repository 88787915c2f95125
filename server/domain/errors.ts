/**
 * Framework-free errors raised by services and rules. server/trpc/errors.ts maps them to tRPC
 * codes and app route handlers map them to HTTP statuses, each in one place.
 */
export type DomainErrorCode =
  | "NOT_FOUND"
  | "CONFLICT"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "VALIDATION"
  | "PRECONDITION_FAILED"
  | "RATE_LIMITED";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found`);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError("CONFLICT", message, details);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const preconditionFailed = (message: string, details?: Record<string, unknown>) =>
  new DomainError("PRECONDITION_FAILED", message, details);

export const HTTP_STATUS: Record<DomainErrorCode, number> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 400,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
};
