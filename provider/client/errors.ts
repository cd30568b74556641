// Errors of the CCKM client. Every message names what was called and never carries a credential or a token.

/** CCKM answered with a non-2xx status. */
export class CckmApiError extends Error {
  override readonly name = "CckmApiError";
  constructor(
    /** e.g. `POST /api/v1/cckm/google/synchronization-jobs` */
    readonly endpoint: string,
    /** HTTP status */
    readonly status: number,
    /** CCKM's `codeDesc` prefix, e.g. `NCERRConflict` (empty when the body had none) */
    readonly codeDesc: string,
    /** CCKM's own message */
    readonly cckmMessage: string,
    /** from `Retry-After`, in ms */
    readonly retryAfterMs?: number,
  ) {
    super(
      `CCKM ${endpoint} answered HTTP ${status}${codeDesc ? ` ${codeDesc}` : ""}: ${cckmMessage || "(no message)"}`,
    );
  }
}

/** No HTTP answer: connection refused or reset, timeout, DNS, TLS. */
export class CckmNetworkError extends Error {
  override readonly name = "CckmNetworkError";
  constructor(
    readonly endpoint: string,
    /** Node's error code, e.g. `ECONNRESET` */
    readonly code: string,
    detail: string,
    hint?: string,
  ) {
    super(`CCKM ${endpoint} failed without an answer (${code}): ${detail}${hint ? `. ${hint}` : ""}`);
  }
}

/**
 * CCKM answered 2xx with a body that is not what was asked for (cut short, or a proxy's page): for a job-creating
 * POST the job may exist, so it is ambiguous like a lost answer.
 */
export class CckmBadAnswerError extends Error {
  override readonly name = "CckmBadAnswerError";
  constructor(
    readonly endpoint: string,
    readonly status: number,
    what: string,
  ) {
    super(`CCKM ${endpoint} answered HTTP ${status} with ${what}`);
  }
}

/** A connection setting is missing or malformed; `setting` is the config key that names it. */
export class CckmConfigError extends Error {
  override readonly name = "CckmConfigError";
  constructor(
    readonly setting: string,
    readonly reason: string,
  ) {
    super(`${setting}: ${reason}`);
  }
}

/** Turns a CCKM error body into its `codeDesc` prefix and message (codeDesc may carry the message after a colon). */
export function parseErrorBody(body: unknown): { codeDesc: string; message: string } {
  if (typeof body === "string") return { codeDesc: "", message: body.trim().slice(0, 500) };
  if (!body || typeof body !== "object") return { codeDesc: "", message: "" };
  const b = body as Record<string, unknown>;
  let codeDesc = typeof b.codeDesc === "string" ? b.codeDesc.trim() : "";
  let message = typeof b.message === "string" ? b.message.trim() : "";
  const colon = codeDesc.indexOf(":");
  if (colon > 0) {
    const tail = codeDesc.slice(colon + 1).trim();
    codeDesc = codeDesc.slice(0, colon).trim();
    if (!message) message = tail;
  }
  if (!message && typeof b.error === "string") message = b.error;
  return { codeDesc, message };
}

/** True for a CCKM answer with this status (and, when given, this codeDesc). */
export function isApiError(err: unknown, status?: number, codeDesc?: string): err is CckmApiError {
  return (
    err instanceof CckmApiError &&
    (status === undefined || err.status === status) &&
    (codeDesc === undefined || err.codeDesc === codeDesc)
  );
}
