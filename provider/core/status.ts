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

/** How one `detailed_status` text reads: still running, done, or an error text. */
export function itemOutcome(text: unknown): "running" | "ok" | "error" {
  const s = normalizeStatus(text);
  if (RUNNING.has(s)) return "running";
  if (DONE.has(s) || /(^|_)(success|successful|successfully|synchronized|refreshed|completed|ok)(_|$)/.test(s)) {
    if (!/(^|_)(not|un|fail|failed|error|unable)(_|$)/.test(s)) return "ok";
  }
  return "error";
}

/** Failing items of a `detailed_status` object, each with CCKM's text. */
export function itemFailures(detailed: unknown): ItemFailure[] {
  if (!detailed || typeof detailed !== "object" || Array.isArray(detailed)) return [];
  return Object.entries(detailed as Record<string, unknown>)
    .filter(([, text]) => itemOutcome(text) === "error")
    .map(([item, text]) => ({ item, message: typeof text === "string" ? text : JSON.stringify(text) }));
}

/** `2/3 items done` from a `detailed_status` object, or undefined when it is empty. */
export function itemProgress(detailed: unknown): string | undefined {
  if (!detailed || typeof detailed !== "object" || Array.isArray(detailed)) return undefined;
  const texts = Object.values(detailed as Record<string, unknown>);
  if (!texts.length) return undefined;
  const done = texts.filter((t) => itemOutcome(t) !== "running").length;
  return `${done}/${texts.length} items done`;
}
