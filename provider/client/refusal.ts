// "CCKM refused to start a job because another one runs": Thales' Ansible collection documents that CipherTrust
// Manager refuses a second synchronization while one runs, without naming a status, and CM's scheduler and web
// console start syncs too. So a refusal is recognised by its status (409) or by its words (any other 4xx whose
// message or codeDesc says a job/synchronization is in progress or already running), in one small table.
import { CckmApiError } from "./errors";

/** The phrasings of a "one is already running" refusal (tried on codeDesc + message, case-insensitive). */
export const BUSY_PHRASINGS: readonly RegExp[] = [
  // "Synchronization is already in progress", "a refresh job is in progress", "job already in-progress"
  /\b(job|sync\w*|refresh\w*|operation|task)\b[^.;]{0,40}\b(in[\s_-]?progress|already running|still running|running)\b/i,
  // "already in progress", "another job is running", "is currently running"
  /\balready (in[\s_-]?progress|running|started)\b/i,
  /\b(another|existing|concurrent)\b[^.;]{0,30}\b(job|sync\w*|refresh\w*|operation)\b/i,
  /\bcurrently (running|in[\s_-]?progress)\b/i,
  // codeDesc spellings
  /NCERR(Conflict|JobInProgress|Busy|AlreadyRunning)/i,
];

/** True when a job-creating POST was refused because another job runs (and may be tried again after it). */
export function isBusyRefusal(err: unknown): err is CckmApiError {
  if (!(err instanceof CckmApiError)) return false;
  if (err.status === 409) return true;
  if (err.status < 400 || err.status >= 500 || err.status === 401 || err.status === 404) return false;
  const text = `${err.codeDesc} ${err.cckmMessage}`;
  return BUSY_PHRASINGS.some((re) => re.test(text));
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/** The id of the job a refusal names (`... in progress (job <uuid>)`), if it names one. */
export function refusalJobId(err: CckmApiError): string | undefined {
  return UUID.exec(err.cckmMessage)?.[0]?.toLowerCase();
}
