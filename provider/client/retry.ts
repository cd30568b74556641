// Retry predicates and backoff (p-retry / axios-retry style): small pure functions, tested on their own.
import { CckmApiError, CckmNetworkError } from "./errors";

/** Node error codes that mean the request never reached CCKM: retrying cannot duplicate anything. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/** TLS and configuration failures: retrying will not help. */
const PERMANENT = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
  "ERR_INVALID_URL",
  "EPROTO",
]);

/** No HTTP answer, for a reason that may go away. */
export function isNetworkError(err: unknown): err is CckmNetworkError {
  return err instanceof CckmNetworkError && !PERMANENT.has(err.code);
}

/** 429 and 5xx (but 501, which is not going to change). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** What reads and cancels retry: network errors, 429 and 5xx. */
export function isRetryable(err: unknown): boolean {
  return isNetworkError(err) || (err instanceof CckmApiError && isRetryableStatus(err.status));
}

/**
 * For a job-creating POST: the failure says nothing about whether CCKM started the job (reset or timeout after
 * sending, 5xx), so the job must be looked up before the POST is tried again.
 */
export function isAmbiguous(err: unknown): boolean {
  if (isNetworkError(err)) return !NEVER_SENT.has(err.code);
  return err instanceof CckmApiError && err.status >= 500 && isRetryableStatus(err.status);
}

/** For a job-creating POST: failures that prove no job was started (429, connection refused), so a retry is safe. */
export function isSafeToRepost(err: unknown): boolean {
  if (isNetworkError(err)) return NEVER_SENT.has(err.code);
  return err instanceof CckmApiError && err.status === 429;
}

export interface BackoffOptions {
  /** @default 250 */
  baseMs?: number;
  /** @default 8000 */
  capMs?: number;
  /** @default Math.random */
  random?: () => number;
}

/**
 * Capped exponential backoff with jitter ("equal jitter": half fixed, half random), never below `Retry-After`.
 * attempt 0 is the first retry.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, retryAfterMs?: number): number {
  const base = opts.baseMs ?? 250;
  const cap = opts.capMs ?? 8000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.max(delay, retryAfterMs ?? 0));
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
