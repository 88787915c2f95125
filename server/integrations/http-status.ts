/**
 * A 4xx other than 408 (timeout) and 429 (rate limited) means the request itself is wrong (bad
 * payload, revoked webhook, bad credentials): retrying it will not help. Shared by the integration
 * clients' error types so they classify the same statuses alike.
 */
export function isPermanentClientError(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
