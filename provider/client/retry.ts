// Which errors are transient, in one table, and the delays between tries (p-retry / axios-retry style: small pure
// functions, tested on their own). The loop itself is core/retry.ts, shared by requests, token grants and the
// start/adopt loop.
import { backoffDelay, BackoffOptions } from "../core/retry";
import { CckmApiError, CckmBadAnswerError, CckmNetworkError } from "./errors";

/**
 * What a Node network error code means. Codes not listed may have reached CCKM (reset, timeout): transient, and
 * ambiguous for a job-creating POST. TLS and configuration failures are permanent: they fail at once, with a hint.
 */
export const NETWORK_CODES: Readonly<Record<string, "never-sent" | "untrusted" | "wrong-name" | "permanent">> = {
  ECONNREFUSED: "never-sent",
  ENOTFOUND: "never-sent",
  EAI_AGAIN: "never-sent",
  EHOSTUNREACH: "never-sent",
  ENETUNREACH: "never-sent",
  // transport.ts: the connection did not open within the connect timeout, so no request byte was sent
  ECONNECTTIMEOUT: "never-sent",
  DEPTH_ZERO_SELF_SIGNED_CERT: "untrusted",
  SELF_SIGNED_CERT_IN_CHAIN: "untrusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "untrusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "untrusted",
  UNABLE_TO_GET_ISSUER_CERT: "untrusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "wrong-name",
  CERT_HAS_EXPIRED: "permanent",
  CERT_NOT_YET_VALID: "permanent",
  ERR_INVALID_URL: "permanent",
  EPROTO: "permanent",
};

const NEVER_SENT = (code: string) => NETWORK_CODES[code] === "never-sent";

/** No HTTP answer, for a reason that may go away. */
export function isNetworkError(err: unknown): err is CckmNetworkError {
  if (!(err instanceof CckmNetworkError)) return false;
  const meaning = NETWORK_CODES[err.code];
  return meaning === undefined || meaning === "never-sent";
}

/** 429 and 5xx (but 501, which is not going to change). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** What reads, cancels and token grants retry: network errors, 429 and 5xx. */
export function isRetryable(err: unknown): boolean {
  return isNetworkError(err) || (err instanceof CckmApiError && isRetryableStatus(err.status));
}

/**
 * For a job-creating POST: the failure says nothing about whether CCKM started the job (reset or timeout after
 * sending, 5xx), so the job must be looked up before the POST is tried again.
 */
export function isAmbiguous(err: unknown): boolean {
  if (err instanceof CckmBadAnswerError) return true;
  if (isNetworkError(err)) return !NEVER_SENT(err.code);
  return err instanceof CckmApiError && err.status >= 500 && isRetryableStatus(err.status);
}

/** For a job-creating POST: failures that prove no job was started (429, connection refused), so a retry is safe. */
export function isSafeToRepost(err: unknown): boolean {
  if (isNetworkError(err)) return NEVER_SENT(err.code);
  return err instanceof CckmApiError && err.status === 429;
}

/** `Retry-After` as seconds or an HTTP date, in ms (capped at 5 minutes); undefined when absent or unreadable. */
export function parseRetryAfter(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const v = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), 300_000);
}

/** The delay before the next retry of `err`, honouring its `Retry-After`. */
export function retryDelay(err: unknown, attempt: number, opts?: BackoffOptions): number {
  const retryAfter = err instanceof CckmApiError ? err.retryAfterMs : undefined;
  return backoffDelay(attempt, opts, retryAfter);
}

/** The `decide` of core/retry.ts for requests that are safe to repeat: a delay for transient errors, else give up. */
export function retryTransient(err: unknown, attempt: number): number | undefined {
  return isRetryable(err) ? retryDelay(err, attempt) : undefined;
}
