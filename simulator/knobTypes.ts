/**
 * The knobs as plain TypeScript, for the simulator's public typings. settings.ts declares each knob once with the
 * schema that validates it at run time; the types here are spelled out rather than derived from those schemas, so
 * that a program importing `pulumi-cckm/simulator` loads no validator typings (which would need `esModuleInterop`),
 * and settings.ts makes the compiler check that both agree. Meanings and defaults: `cckm-sim --help`.
 */
import type { Family } from "./knobs";

/** `strict`: as strict as a real CM where the reference is silent (the default); `lenient`: the kinder simulator. */
export const PROFILES = ["strict", "lenient"] as const;
export type Profile = (typeof PROFILES)[number];

export const FAILURE_MODES = ["partial", "completed", "failed"] as const;
/** How a sync job with failing items ends: `partial` = `failed` only when every item failed, else `completed`. */
export type FailureMode = (typeof FAILURE_MODES)[number];

export const DETAILED_MODES = ["always", "ended", "never"] as const;
/** When `detailed_status` is present in job answers. */
export type DetailedStatusMode = (typeof DETAILED_MODES)[number];

/** The live settings; `null` where the family's own default applies. */
export interface Knobs {
  /** Sets the default of every knob that has a lenient value. */
  profile: Profile;
  /** How long a job runs, in seconds. */
  jobSeconds: number;
  /** A job ends on its N-th GET instead of after `jobSeconds`. */
  jobPolls: number | null;
  /** How long a cancelled job takes to settle (`completed`, `abort: true`), in seconds. */
  cancelSeconds: number;
  /** Cancel of an ended job: 400 `NCERRBadRequest` (`error`) or a 200 no-op. */
  cancelEnded: "error" | "noop";
  /** A second job over an overlapping scope while one runs: allowed, or 409 `NCERRConflict`. */
  overlap: "allow" | "conflict";
  /** A second job while one of the family (or of an overlapping scope) runs is refused, or not (`off`). */
  refuseWhileRunning: "family" | "scope" | "off";
  /** HTTP status of that refusal. */
  refusalStatus: number;
  /** `codeDesc` of that refusal. */
  refusalCode: string;
  /** Message of that refusal; `{id}` = the running job, `{family}` = its family. */
  refusalMessage: string;
  /** Order of job lists when `sort` is not given. */
  listOrder: "oldest" | "newest";
  /** Where `sort` is accepted on job lists: only where documented, or on every list. */
  sortParam: "documented" | "anywhere";
  /** Page size when `limit` is not given. */
  pageLimit: number;
  /** A larger `limit` is capped to this; `null` = no cap. */
  maxLimit: number | null;
  /** The SAP key job list (`GET /v1/cckm/sap/keys/jobs`) exists. */
  sapJobList: boolean;
  /** Per-item success texts, drawn for each item; `$documented` = the family's documented text. */
  successTexts: string[];
  /** Seed of the success-text draw. */
  textSeed: number;
  failureMode: FailureMode;
  /** Scope item (id, name or stored form; `*` = all) -> the failure text, for jobs started later. */
  failItems: Record<string, string>;
  /** In-progress spelling of job status. */
  inProgressStatus: string | null;
  /** Failed spelling of job status. */
  failedStatus: string | null;
  detailedStatus: DetailedStatusMode | null;
  /** The `cloud` value of a family (set per family only). */
  cloud: string | null;
  /** SAP key jobs show this state instead of `IN_PROGRESS` while running. */
  sapState: string | null;
  /** The backup of SAP key deletes fails. */
  sapBackupFails: boolean;
  /** JWT lifetime, in seconds. */
  tokenSeconds: number;
  /** Latency added to every CCKM answer, in ms. */
  latencyMs: number;
  /** In a cluster: how long an object written through one node stays unknown to the others, in ms. */
  replicationLagMs: number;
  /** Delay of a slow-answer fault, in ms. */
  faultLatencyMs: number;
  /** Request body limit in bytes; larger bodies get 413. */
  bodyLimit: number;
  /** Request log entries kept. */
  logLimit: number;
  /** Error bodies repeat the message in `codeDesc`. */
  codeDescMessage: boolean;
  /** CCKM is unlicensed: 403 with `License` in the message on every CCKM endpoint but auth. */
  unlicensed: boolean;
  /** Per-family overrides. */
  families: Partial<Record<Family, FamilyKnobs>>;
}

/** Knobs that can also be set for one family (`families.<family>.<knob>`, flag `--<knob> <family>=<value>`). */
export type FamilyKnobs = Partial<
  Pick<
    Knobs,
    | "jobSeconds"
    | "jobPolls"
    | "cancelSeconds"
    | "refuseWhileRunning"
    | "successTexts"
    | "failureMode"
    | "inProgressStatus"
    | "failedStatus"
    | "detailedStatus"
    | "cloud"
  >
>;
