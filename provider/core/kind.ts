// What a kind of resource is, as data and a few functions: the one source of its names, types, descriptions and
// defaults (the dynamic classes take their output names from here; a schema for another front end can be generated
// from the same data), and, for job kinds, how to start, find and read its jobs (like pulumi-kubernetes' awaiters).
import { Deadline } from "./deadline";
import { CheckFailure } from "./inputs";
import { DEFAULT_TIMEOUT_SECONDS, JobSnapshot, Props, Query, RawJob } from "./models";

/**
 * The value types a property can have. `any[]` is for `triggers`; `object` is a structured output whose fields the
 * description lists (SyncSchedule's `lastRun`).
 */
export type PropertyType = "string" | "boolean" | "number" | "string[]" | "map<string>" | "any[]" | "object";

/** One input or output of a resource kind. */
export interface PropertySpec {
  /** camelCase, as in the TypeScript classes and in state. */
  readonly name: string;
  readonly type: PropertyType;
  /** One paragraph for people: what it is, and for inputs what changing it does. */
  readonly description: string;
  /** The value `check` fills in when the input is absent. */
  readonly default?: string | number | boolean | readonly unknown[];
  /**
   * The field of CCKM's object that holds it (snake_case, dotted for a nested field, e.g.
   * `cckm_synchronization_params.key_rings`): what the input is sent as, and what `pulumi import` reads back.
   * Absent for what CCKM does not keep (`triggers`, `timeoutSeconds`, computed outputs).
   */
  readonly api?: string;
  /** Inputs only: a change replaces the resource (for a job kind: starts a new job); otherwise it is updated. */
  readonly replaces?: boolean;
  /** Inputs only: `check` fails without it. */
  readonly required?: boolean;
  /** Strings only: the allowed values. */
  readonly enum?: readonly string[];
}

/** Inputs every job kind takes. */
export const COMMON_INPUTS: readonly PropertySpec[] = [
  {
    name: "triggers",
    type: "any[]",
    description:
      "Any values; when any of them changes, a new job is started (the resource is replaced). Use it to re-run a " +
      "job on demand.",
    default: [],
    replaces: true,
  },
  {
    name: "timeoutSeconds",
    type: "number",
    description:
      "How long `create` waits for the job to end, and `delete` for a cancelled job to settle, in seconds. When it " +
      "passes, the update fails naming the job, which keeps running on CCKM; the next `pulumi up` resumes waiting " +
      "on it. Changing only this starts nothing.",
    default: DEFAULT_TIMEOUT_SECONDS,
  },
  {
    name: "maxAgeSeconds",
    type: "number",
    description:
      "Optional freshness bound, a whole number of seconds: once the recorded job completed (its `updatedAt`) " +
      "longer ago than this, `pulumi preview` shows a replacement and says why, and `pulumi up` runs a new job " +
      "over the same scope. Without it a completed job stays done. Changing only this starts nothing.",
  },
];

/** Outputs every job kind has. */
export const COMMON_OUTPUTS: readonly PropertySpec[] = [
  {
    name: "jobId",
    type: "string",
    description: "The CCKM job id (also the resource id: a failed or cancelled job is replaced by a new resource).",
  },
  {
    name: "status",
    type: "string",
    description: "`completed`, `failed`, `cancelled`, or `in_progress` while a timed-out job still runs.",
  },
];

/** A kind of resource: its type name and properties. Regular (non-job) kinds will share this part. */
export interface ResourceKind {
  /** Class name; the dynamic type token is `pulumi-nodejs:dynamic/cckm:<name>`. */
  readonly name: string;
  /** One paragraph (or a few) for people: what the resource does (class TSDoc, schema, SDK docs). */
  readonly description: string;
  /** The kind's own inputs, besides COMMON_INPUTS. */
  readonly inputs: readonly PropertySpec[];
  /** The kind's own outputs read from the API object, besides COMMON_OUTPUTS (inputs are echoed as outputs too). */
  readonly outputs: readonly PropertySpec[];
}

/** The reads a descriptor needs to find jobs (the engine passes its CCKM client). */
export interface ApiReader {
  get<T = unknown>(path: string, query: Query | undefined, deadline: Deadline): Promise<T>;
}

export interface JobKind extends ResourceKind {
  /** Path of the family's jobs under `/api`, e.g. `/v1/cckm/dsm/refresh`. */
  readonly jobsPath: string;
  /** Whether `POST {jobsPath}/{id}/cancel` exists. */
  readonly cancellable: boolean;
  /** Checks and normalizes the kind's own inputs, pushing failures that name the property. */
  normalize(news: Props, failures: CheckFailure[]): Props;
  /** The body of the job-creating POST, from checked inputs. */
  startBody(inputs: Props): Record<string, unknown>;
  /**
   * The family's jobs over exactly this scope, newest first by `createdAt` (list filters, paging, inventory
   * look-ups for `synchronizeAll` are the descriptor's business). The engine adopts a running one, or after an
   * ambiguous POST one that was not there before. Throws the reader's errors.
   */
  findAdoptable(reader: ApiReader, inputs: Props, deadline: Deadline): Promise<RawJob[]>;
  /** Whether a job object runs over the scope of these inputs (a job named by CCKM's refusal, read by its id). */
  sameScope(inputs: Props, job: RawJob): boolean;
  /**
   * Optional: why CCKM refused to start the job (a 4xx that is not a "job runs" refusal), from what it can read, e.g.
   * the SAP key's state when its delete already happened unseen. Undefined when it has nothing to add.
   */
  explainRefusal?(reader: ApiReader, inputs: Props, deadline: Deadline): Promise<string | undefined>;
  /** Reads a job object. */
  snapshot(job: RawJob): JobSnapshot;
  /**
   * Optional: the scope as data, for kinds whose jobs several resources may share (jobs/coalesce/). Absent for kinds
   * that never share a job (SAP key jobs: one key each) or whose `detailed_status` is not keyed by scope item (AWS).
   */
  readonly scopes?: ScopeOps;
  /** Output values from a job object (no undefined values), named as in `outputs` and COMMON_OUTPUTS. */
  outputValues(job: RawJob): Props;
}

const names = (specs: readonly PropertySpec[]) => specs.map((s) => s.name);

/** Every input name of a kind (its own, then the common ones). */
export function inputNames(kind: ResourceKind): string[] {
  return names([...kind.inputs, ...COMMON_INPUTS]);
}

/** Inputs whose change starts a new job. */
export function replacingInputs(kind: ResourceKind): string[] {
  return [...kind.inputs, ...COMMON_INPUTS].filter((s) => s.replaces).map((s) => s.name);
}

/** Outputs read from the job object (carried over by an update that starts nothing). */
export function jobOutputNames(kind: ResourceKind): string[] {
  return names([...COMMON_OUTPUTS, ...kind.outputs]);
}

/** Every output a resource of this kind has: the job's outputs and the checked inputs echoed. */
export function outputNames(kind: ResourceKind): string[] {
  return [...new Set([...jobOutputNames(kind), ...inputNames(kind)])];
}

/** A string field of a job object, "" when absent. */
export function str(job: RawJob, key: string): string {
  const v = job[key];
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

/** A list-of-strings field (of a job object or of checked inputs), [] when absent. */
export function strList(obj: Props, key: string): string[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** A sync job's scope as data: a list of items (or everything), an optional second list and the boolean options. */
export interface JobScope {
  all: boolean;
  items: string[];
  /** The second list (AWS `regions`), [] when absent. */
  extra: string[];
  flags: Record<string, boolean>;
}

/** What the engine needs to merge several resources' scopes into one job and to find a job covering a scope. */
export interface ScopeOps {
  /** The scope of checked inputs. */
  of(inputs: Props): JobScope;
  /** Checked inputs for a scope (what `startBody` takes). */
  inputsOf(scope: JobScope): Props;
  /** The scope field of a job object, as CCKM stored it. */
  storedItems(job: RawJob): string[];
  /** Whether a job runs over at least this (list) scope, with the same options. */
  /**
   * `filteredBy`: the scope the list holding `job` was asked for; when CCKM filtered that list by its one item, a
   * job of one item matches it even if CCKM stores the item another way (a name given, an id stored).
   */
  covers(job: RawJob, scope: JobScope, filteredBy?: JobScope): boolean;
  /**
   * The family's jobs that may cover this scope, newest first (bounded, as every list): filtered by the scope item
   * where the family filters and the scope has one item, else the family's whole (bounded) list.
   */
  listFor(reader: ApiReader, scope: JobScope, deadline: Deadline): Promise<RawJob[]>;
  /** One page of the family's jobs that may cover this scope, newest first where CCKM sorts: one request. */
  onePage(reader: ApiReader, scope: JobScope, deadline: Deadline): Promise<RawJob[]>;
}
