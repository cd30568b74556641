/** The one builder of CCKM-shaped error bodies (`{code, codeDesc, message}`, reference section 4). */

/** The `codeDesc` values the simulator answers with, each with the numeric `code` it puts beside it. */
export const ERROR_CODES = {
  NCERRBadRequest: 4,
  NCERRInvalidParamValue: 10,
  NCERRUnauthorizedAccess: 1,
  NCERRResourceNotFound: 5,
  NCERRConflict: 7,
  NCERRInternalServerError: 3,
  NCERRServiceUnavailable: 11,
  NCERRTooManyRequests: 12,
} as const;

export type CodeDesc = keyof typeof ERROR_CODES;

/** A CCKM error body as it goes on the wire. */
export interface CckmErrorBody {
  code: number;
  codeDesc: string;
  message: string;
}

/** The default `codeDesc` for an HTTP status the simulator answers with. */
export function codeDescForStatus(status: number): CodeDesc {
  if (status === 401) return "NCERRUnauthorizedAccess";
  if (status === 404) return "NCERRResourceNotFound";
  if (status === 409) return "NCERRConflict";
  if (status === 429) return "NCERRTooManyRequests";
  if (status === 503) return "NCERRServiceUnavailable";
  if (status >= 500) return "NCERRInternalServerError";
  return "NCERRBadRequest";
}

/** Builds the body; `codeDesc` defaults from the status. Unknown `codeDesc` strings (from fault rules) pass through. */
export function errorBody(status: number, message: string, codeDesc?: string): CckmErrorBody {
  const desc = codeDesc ?? codeDescForStatus(status);
  const code = (ERROR_CODES as Record<string, number>)[desc] ?? ERROR_CODES[codeDescForStatus(status)];
  return { code, codeDesc: desc, message };
}

/** Thrown by handlers; the server turns it into a CCKM error answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly codeDesc?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): CckmErrorBody {
    return errorBody(this.status, this.message, this.codeDesc);
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message, "NCERRBadRequest");
export const invalidParam = (message: string): ApiError => new ApiError(400, message, "NCERRInvalidParamValue");
export const notFound = (message: string): ApiError => new ApiError(404, message, "NCERRResourceNotFound");
export const conflict = (message: string): ApiError => new ApiError(409, message, "NCERRConflict");
export const unauthorized = (message: string): ApiError => new ApiError(401, message, "NCERRUnauthorizedAccess");
