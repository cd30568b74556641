// A JobKind describes one job family to the generic job engine (like pulumi-kubernetes' awaiters registry):
// its inputs, the request that starts a job, how to find its jobs, and how to read a job object.
import { Query } from "../client/transport";
import { CheckFailure } from "../jobs/inputs";
import { JobSnapshot, Props, RawJob } from "../jobs/models";

export interface JobKind {
  /** Class name; the type token is `pulumi-nodejs:dynamic/cckm:<name>`. */
  readonly name: string;
  /** Inputs of this kind besides the common `triggers` and `timeoutSeconds`. */
  readonly inputNames: readonly string[];
  /** Inputs whose change starts a new job (`triggers` is added by the engine). */
  readonly replaceOnChange: readonly string[];
  /** Outputs read from the job object (carried over by an update that starts nothing). */
  readonly jobOutputNames: readonly string[];
  /** Path of the family's jobs under `/api`, e.g. `/v1/cckm/dsm/refresh`. */
  readonly jobsPath: string;
  /** Whether `POST {jobsPath}/{id}/cancel` exists. */
  readonly cancellable: boolean;
  /** Checks and normalizes the kind's own inputs, pushing failures that name the property. */
  normalize(news: Props, failures: CheckFailure[]): Props;
  /** The body of the job-creating POST. */
  startBody(inputs: Props): Record<string, unknown>;
  /** List filters that narrow the family's jobs to this scope (paging included). */
  findQuery(inputs: Props): Query;
  /** Whether a job object (from the list filtered by `findQuery`) is a job over exactly this scope. */
  sameScope(inputs: Props, job: RawJob): boolean;
  /**
   * For `synchronizeAll`: the family's inventory list (`GET`, e.g. `/v1/cckm/google/key-rings`) and the job's scope
   * field, so that a running job over everything can be adopted although CCKM does not echo `synchronize_all`.
   */
  readonly inventory?: { path: string; scopeField: string };
  /** Reads a job object. */
  snapshot(job: RawJob): JobSnapshot;
  /** Outputs from a job object (no undefined values). */
  outputs(job: RawJob): Props;
}

/** A string field of a job object, "" when absent. */
export function str(job: RawJob, key: string): string {
  const v = job[key];
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

/** A list-of-strings field of a job object, [] when absent. */
export function strList(job: RawJob, key: string): string[] {
  const v = job[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
