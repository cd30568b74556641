// The job vocabulary shared by the kinds and the engine (after @azure/core-lro's poller states).

/** Where a job is: `running` until it ends `succeeded`, `failed` or `canceled`. */
export type Phase = "running" | "succeeded" | "failed" | "canceled";

/** The phases after which a job never changes again. */
export const terminalPhases: readonly Phase[] = ["succeeded", "failed", "canceled"];

export function isTerminal(phase: Phase): boolean {
  return terminalPhases.includes(phase);
}

/** The `status` output for a phase (the design's normalized values, plus `in_progress` while a job runs). */
export function statusOutput(phase: Phase): string {
  return { running: "in_progress", succeeded: "completed", failed: "failed", canceled: "cancelled" }[phase];
}

/** The phase of a `status` output kept in state (undefined for an unrecognized or missing one). */
export function phaseOfStatus(status: unknown): Phase | undefined {
  switch (status) {
    case "in_progress":
      return "running";
    case "completed":
      return "succeeded";
    case "failed":
      return "failed";
    case "cancelled":
      return "canceled";
    default:
      return undefined;
  }
}

/** A scope item that failed, with CCKM's text. */
export interface ItemFailure {
  item: string;
  message: string;
}

/** What the engine needs to know about one job object as CCKM returned it. */
export interface JobSnapshot {
  id: string;
  phase: Phase;
  /** The status as CCKM spelled it (`overall_status` or `state`). */
  statusText: string;
  /** Set when the status was not recognized (treated as running until the deadline). */
  note?: string;
  /** Items that failed, with CCKM's messages. */
  failures: ItemFailure[];
  /** Items whose text is neither a known success nor an error (kept in `detailedStatus`, shown as warnings). */
  warnings?: ItemFailure[];
  /** A job-level message from CCKM, if any. */
  message?: string;
  /** Progress summary, e.g. `2/3 items done`. */
  detail?: string;
}

/** A job object as CCKM returned it. */
export type RawJob = Record<string, unknown>;

/** Checked inputs (or outputs) of a resource. */
export type Props = Record<string, unknown>;

/** The string the engine passes for a value that is not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value or anything inside it is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Default wait deadline in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 1800;

/** List filters of a GET (`?k=a&k=b` for a list). */
export type Query = Record<string, string | number | boolean | string[] | undefined>;
