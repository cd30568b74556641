/** Types shared by the simulator's modules and exported to its users. */
import type { FaultRule } from "./faults";
import type { Family, FailureMode, DetailedStatusMode, Knobs, SyncFamily } from "./knobs";

export type { FaultRule } from "./faults";

/** One inventory object, as CCKM lists it (the simulator adds `uri`, `account`, `createdAt`, `updatedAt`). */
export type InventoryItem = { id: string; name: string } & Record<string, unknown>;

/** The seed: what CCKM already manages when the simulator starts (see simulator/README.md). */
export interface Seed {
  dsmDomains?: InventoryItem[];
  externalCmDomains?: InventoryItem[];
  googleKeyRings?: InventoryItem[];
  azureVaults?: InventoryItem[];
  awsKms?: InventoryItem[];
  ociVaults?: InventoryItem[];
  sapGroups?: InventoryItem[];
  /** SAP keys: `gone` (deleted from SAP), `backup` (CM holds a backup), `sap_param { groupId, sap_key_id, ... }`. */
  sapKeys?: InventoryItem[];
  /** Luna HSM partitions CCKM manages (the scope of Luna HSM key refreshes). */
  lunaPartitions?: InventoryItem[];
  /** Salesforce organizations CCKM manages (the scope of Salesforce certificate and tenant secret syncs). */
  sfdcOrganizations?: InventoryItem[];
}

export type InventoryKind = keyof Seed;

/** What a job was set up with (snapshotted from the knobs when it starts; per-job patches change it). */
export interface JobPlan {
  jobSeconds: number;
  jobPolls: number | null;
  cancelSeconds: number;
  failItems: Record<string, string>;
  failureMode: FailureMode;
  inProgressStatus: string;
  failedStatus: string;
  detailedStatus: DetailedStatusMode;
  cloud: string;
  sapState: string | null;
  sapBackupFails: boolean;
  /** The success texts an item's entry is drawn from (`$documented` resolved). */
  successTexts: string[];
  textSeed: number;
}

/**
 * Per-job overrides (`control.updateJob`, `PATCH /sim/jobs/{id}`): the per-job knobs, and `end` (end the job now, as if
 * its time were up). Spelled out for the public typings; lifecycle.ts checks it against the per-job settings.
 */
export type JobPatch = Partial<
  Pick<
    JobPlan,
    | "jobSeconds"
    | "jobPolls"
    | "cancelSeconds"
    | "failItems"
    | "failureMode"
    | "inProgressStatus"
    | "failedStatus"
    | "sapState"
    | "sapBackupFails"
  >
> & { end?: boolean };

/** A scope item of a sync job: the stored form, the keys of its `detailed_status` entries, and its aliases. */
export interface ScopeItem {
  stored: string;
  detailKeys: string[];
  aliases: string[];
}

interface JobBase {
  id: string;
  seq: number;
  createdMs: number;
  updatedMs: number;
  completedMs?: number;
  /** GETs of this job so far. */
  polls: number;
  plan: JobPlan;
  creator: string;
  /** Set by a per-job `end: true`: the job ends at its next read, dated then. */
  endNow?: boolean;
}

/** A sync/refresh job as stored. */
export interface SyncJob extends JobBase {
  kind: "sync";
  family: SyncFamily;
  items: ScopeItem[];
  /** Extra echoed request fields (`regions`, `take_cloud_key_backup`). */
  extra: Record<string, unknown>;
  abort: boolean;
  cancelMs?: number;
  cancelPolls?: number;
  overallStatus?: string;
  detailedStatus?: Record<string, string>;
}

/** A SAP key job as stored. */
export interface SapKeyJob extends JobBase {
  kind: "sapKey";
  family: "sapKeys";
  keyId: string;
  groupId: string;
  sapJobId: string;
  sapKeyId: string;
  operation: "delete" | "restore";
  deleteIfBackupFails: boolean;
  creatorId: string;
  state?: "COMPLETED" | "FAILED";
  message?: string;
}

export type Job = SyncJob | SapKeyJob;

/** A job as `sim.jobs()` returns it: its API answer plus what the simulator keeps about it. */
export type JobRecord = Record<string, unknown> & { family: Family; sim: { polls: number; plan: JobPlan } };

/** One request log entry; never holds a password, a refresh token or a bearer token. */
export interface LogEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** The route template, e.g. `GET /api/v1/cckm/dsm/refresh/{id}`. */
  endpoint?: string;
  status: number;
  ms: number;
  fault?: string;
  user?: string;
  /** In a cluster: the node (0-based) that served the request. */
  node?: number;
  /** The request body with secrets replaced by `[redacted]`. */
  body?: unknown;
  /** The error `codeDesc` and message of a 4xx/5xx answer. */
  error?: string;
}

export interface Counters {
  requests: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  authGrants: { password: number; refresh_token: number; failed: number };
  jobsCreated: { total: number; byFamily: Record<string, number> };
  cancels: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
}

export interface UserSpec {
  username: string;
  password: string;
}

/** Options of `startSimulator`; the knob names are those of `Knobs` (see knobs.ts). */
export interface SimulatorOptions extends Partial<Omit<Knobs, "families">> {
  port?: number;
  host?: string;
  /** Plain HTTP instead of HTTPS. */
  http?: boolean;
  username?: string;
  password?: string;
  /** More users that may log in. */
  users?: UserSpec[];
  /** A seed object or the path of a seed JSON file. */
  seed?: Seed | string;
  /** Probability of a fault on every CCKM endpoint (a mix), or fault rules. */
  faults?: number | FaultRule[];
  faultSeed?: number;
  /** Probability that a job-creating POST creates its job and loses the answer (default 0). */
  lostAnswers?: number;
  /** Ended jobs per sync family made at start and at reset, dated in the past (default 0). */
  history?: number;
  /** Nodes of a simulated cluster over one shared state (default 1); with more, `url` is a load balancer. */
  nodes?: number;
  families?: Knobs["families"];
  /** Print nothing (the library default); the CLI prints its listening line. */
  quiet?: boolean;
  /** Write the CA certificate PEM to this file. */
  caOut?: string;
  /** A clock seam for tests (ms since the epoch). */
  clock?: () => number;
}
