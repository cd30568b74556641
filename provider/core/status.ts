// Status spellings normalized: `in_progress`, `in progress`, `In-Progress` are one value; item texts classified.
import { ItemFailure, Phase } from "./models";

/** Trim, lower-case, spaces and dashes to `_`. */
export function normalizeStatus(text: unknown): string {
  return String(text ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const RUNNING = new Set(["in_progress", "inprogress", "pending", "running", "queued", "started", "scheduled", "new"]);
const FAILED = new Set(["failed", "failure", "error", "errored"]);
const DONE = new Set(["completed", "complete", "succeeded", "success", "done", "finished"]);
const CANCELLED = new Set(["cancelled", "canceled", "aborted"]);

/** The phase of a sync/refresh job from `overall_status` and `abort`; unknown spellings count as running. */
export function syncPhase(
  overallStatus: unknown,
  abort: unknown,
  failures: ItemFailure[],
): { phase: Phase; known: boolean } {
  const s = normalizeStatus(overallStatus);
  if (RUNNING.has(s)) return { phase: "running", known: true };
  if (FAILED.has(s)) return { phase: "failed", known: true };
  if (CANCELLED.has(s)) return { phase: "canceled", known: true };
  if (DONE.has(s)) {
    // a cancelled job ends `completed` with abort: true (there is no `cancelled` value)
    if (abort === true) return { phase: "canceled", known: true };
    return { phase: failures.length ? "failed" : "succeeded", known: true };
  }
  return { phase: "running", known: false };
}

/** The phase of an SAP key job from its `state`; unknown states count as running (until the deadline). */
export function sapPhase(state: unknown): { phase: Phase; known: boolean } {
  const s = normalizeStatus(state);
  if (RUNNING.has(s)) return { phase: "running", known: true };
  if (FAILED.has(s)) return { phase: "failed", known: true };
  if (CANCELLED.has(s)) return { phase: "canceled", known: true };
  if (DONE.has(s)) return { phase: "succeeded", known: true };
  return { phase: "running", known: false };
}

// The rule for per-item texts (issue 12; provider/README.md "Item texts"): only a few success texts are documented
// and a real CM words them as it likes, so in a job that ended `completed` an item fails only when its text says so
// (a word of ERROR_WORDS); a text that is neither a known success nor an error is "unknown": a warning, kept in
// `detailedStatus`, never a failure. A job whose overall status is failed/error fails whatever its items say.

/** Words that make an item text an error (compared per word, after lower-casing). */
export const ERROR_WORDS: ReadonlySet<string> = new Set([
  "fail",
  "failed",
  "fails",
  "failure",
  "failing",
  "error",
  "errors",
  "errored",
  "denied",
  "unable",
  "cannot",
  "refused",
  "forbidden",
  "unauthorized",
  "unauthorised",
  "invalid",
  "timeout",
  "exception",
  "aborted",
  "not",
]);

/** Words that make an item text a success: the documented texts' words and the usual ones. */
export const SUCCESS_WORDS: ReadonlySet<string> = new Set([
  ...DONE,
  "successful",
  "successfully",
  "synchronized",
  "synchronised",
  "refreshed",
  "ok",
]);

/** The words of a text: lower-case runs of letters and digits. */
function words(text: unknown): string[] {
  const s = typeof text === "string" ? text : JSON.stringify(text ?? "");
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * How one `detailed_status` text reads: still running, a known success, an error text, or unknown (a text that
 * says neither: a warning in a completed job, not a failure).
 */
export function itemOutcome(text: unknown): "running" | "ok" | "error" | "unknown" {
  if (RUNNING.has(normalizeStatus(text))) return "running";
  const w = words(text);
  if (w.some((x) => ERROR_WORDS.has(x)) || /(^|[^a-z])(timed[\s_-]*out|not[\s_-]*found)/i.test(String(text))) {
    return "error";
  }
  if (DONE.has(normalizeStatus(text)) || w.some((x) => SUCCESS_WORDS.has(x))) return "ok";
  return "unknown";
}

function itemsWith(detailed: unknown, outcome: ReturnType<typeof itemOutcome>): ItemFailure[] {
  if (!detailed || typeof detailed !== "object" || Array.isArray(detailed)) return [];
  return Object.entries(detailed as Record<string, unknown>)
    .filter(([, text]) => itemOutcome(text) === outcome)
    .map(([item, text]) => ({ item, message: typeof text === "string" ? text : JSON.stringify(text) }));
}

/** Failing items of a `detailed_status` object (their text says error), each with CCKM's text. */
export function itemFailures(detailed: unknown): ItemFailure[] {
  return itemsWith(detailed, "error");
}

/** Items whose text is neither a known success nor an error: shown as warnings, never failures. */
export function itemUnknowns(detailed: unknown): ItemFailure[] {
  return itemsWith(detailed, "unknown");
}

/** `2/3 items done` from a `detailed_status` object, or undefined when it is empty. */
export function itemProgress(detailed: unknown): string | undefined {
  if (!detailed || typeof detailed !== "object" || Array.isArray(detailed)) return undefined;
  const texts = Object.values(detailed as Record<string, unknown>);
  if (!texts.length) return undefined;
  const done = texts.filter((t) => itemOutcome(t) !== "running").length;
  return `${done}/${texts.length} items done`;
}
