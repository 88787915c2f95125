/**
 * A 4xx other than 408 (timeout) and 429 (rate limited) means the request itself is wrong (bad
 * payload, revoked webhook, bad credentials): retrying it will not help. Shared by the integration
 * clients' error types so they classify the same statuses alike.
 */
export function isPermanentClientError(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * A Retry-After value (RFC 9110 §10.2.3): delta-seconds or an HTTP date. Milliseconds to wait from
 * `now` (a date in the past: 0), or undefined when there is none or it cannot be read. The callers
 * choose their own default and bounds.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  // An HTTP date ("Tue, 24 Nov 2026 12:00:30 GMT") or an ISO one (the Inngest SDK's RetryAfterError);
  // Date.parse alone would also take "-5" as the year -5.
  if (!/^\d{4}-\d\d-\d\d|^[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
