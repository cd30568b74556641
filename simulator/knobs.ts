/**
 * The one vocabulary of the simulator's settings. The same camelCase names are `startSimulator` options, the
 * `/sim/config` control API fields, and (in kebab-case) `cckm-sim` flags and `CCKM_SIM_*` environment variables.
 */

/** Families of sync/refresh jobs (reference section 5). */
export const SYNC_FAMILIES = ["dsm", "externalCm", "google", "azure", "aws", "oci", "sapGroups"] as const;
export type SyncFamily = (typeof SYNC_FAMILIES)[number];
/** Every job family: the sync families plus SAP key jobs (section 6). */
export const FAMILIES = [...SYNC_FAMILIES, "sapKeys"] as const;
export type Family = (typeof FAMILIES)[number];

/** How a sync job with failing items ends: `partial` = `failed` only when every item failed, else `completed`. */
export type FailureMode = "partial" | "completed" | "failed";
/** When `detailed_status` is present in job answers. */
export type DetailedStatusMode = "always" | "ended" | "never";

/** Knobs that can also be set for one family (`families.<family>.<knob>`, flag `--<knob> <family>=<value>`). */
export interface FamilyKnobs {
  jobSeconds?: number;
  jobPolls?: number | null;
  cancelSeconds?: number;
  failureMode?: FailureMode;
  inProgressStatus?: string | null;
  failedStatus?: string | null;
  detailedStatus?: DetailedStatusMode | null;
  cloud?: string | null;
}

/** The live settings; changeable at any time through `control.configure` or `PATCH /sim/config`. */
export interface Knobs {
  /** How long a job runs, in seconds (default 5). */
  jobSeconds: number;
  /** When set, a job ends on its N-th GET instead of after `jobSeconds`. */
  jobPolls: number | null;
  /** How long a cancelled job takes to settle (`completed`, `abort: true`), in seconds (default 1). */
  cancelSeconds: number;
  /** Cancelling an ended job: `error` = 400 NCERRBadRequest (default), `noop` = 200 with the job unchanged. */
  cancelEnded: "error" | "noop";
  /** A second job over an overlapping scope while one runs: `allow` (default) or `conflict` (409 NCERRConflict). */
  overlap: "allow" | "conflict";
  /** How a job with failing items ends (default `partial`). */
  failureMode: FailureMode;
  /** Scope items (id, name or stored form; `*` = all) that fail, with the error text: applied to jobs started later. */
  failItems: Record<string, string>;
  /** In-progress spelling; null = the family's own (`in progress` for externalCm and azure, else `in_progress`). */
  inProgressStatus: string | null;
  /** Total-failure spelling; null = the family's own (`error` for aws, else `failed`). */
  failedStatus: string | null;
  /** When `detailed_status` is shown; null = the family's own (`ended` for externalCm, else `always`). */
  detailedStatus: DetailedStatusMode | null;
  /** The `cloud` value; null = the family's own (`dsm`, `externalCM`, `GoogleCloud`, `AzureCloud`, `aws`, ...). */
  cloud: string | null;
  /** SAP key jobs: the state shown while running instead of `IN_PROGRESS` (to inject an unknown state). */
  sapState: string | null;
  /** SAP key jobs: the backup of a delete fails (the job fails unless `delete_if_backup_fails`). */
  sapBackupFails: boolean;
  /** JWT lifetime in seconds (default 300). */
  tokenSeconds: number;
  /** Latency added to every CCKM answer, in ms (default 0). */
  latencyMs: number;
  /** The delay of a "slow answer" fault from the `faults: <p>` mix, in ms (default 1000). */
  faultLatencyMs: number;
  /** Request body size limit in bytes; larger bodies get 413 (default 1 MiB). */
  bodyLimit: number;
  /** How many request log entries are kept (default 10000). */
  logLimit: number;
  /** Error bodies carry the message in `codeDesc` too (`NCERRConflict: ...`), as some CM versions do. */
  codeDescMessage: boolean;
  /** CCKM is unlicensed: every CCKM endpoint but auth answers 403 with `License` in the message. */
  unlicensed: boolean;
  /** Per-family overrides. */
  families: Partial<Record<Family, FamilyKnobs>>;
}

type KnobType = "number" | "int" | "enum" | "string" | "bool" | "map";

/** A setting's spelling and type, shared by options, flags, environment and the control API. */
export interface SettingSpec {
  name: string;
  type: KnobType;
  /** `start`: fixed when the simulator starts; `knob`: live, part of `Knobs`. */
  scope: "start" | "knob";
  values?: readonly string[];
  nullable?: boolean;
  perFamily?: boolean;
  familyOnly?: boolean;
  min?: number;
  repeatable?: boolean;
  arg?: string;
  help: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    name: "port",
    type: "int",
    scope: "start",
    min: 0,
    arg: "n",
    help: "port to listen on; 0 picks a free one (default 0)",
  },
  {
    name: "host",
    type: "string",
    scope: "start",
    arg: "addr",
    help: "loopback address to listen on (default 127.0.0.1)",
  },
  { name: "http", type: "bool", scope: "start", help: "serve plain HTTP instead of HTTPS" },
  { name: "username", type: "string", scope: "start", arg: "name", help: "the user that may log in (default admin)" },
  { name: "password", type: "string", scope: "start", arg: "secret", help: "that user's password (default admin)" },
  {
    name: "seed",
    type: "string",
    scope: "start",
    arg: "file.json",
    help: "inventory seed file (default: the built-in seed)",
  },
  { name: "caOut", type: "string", scope: "start", arg: "file", help: "write the CA certificate (PEM) to this file" },
  {
    name: "faults",
    type: "string",
    scope: "start",
    arg: "p|file.json",
    help: "fault probability on every CCKM endpoint (a mix of 5xx, 429, resets, slow answers), or a JSON file of fault rules",
  },
  { name: "faultSeed", type: "int", scope: "start", arg: "n", help: "seed of the fault random generator (default 1)" },
  {
    name: "jobSeconds",
    type: "number",
    scope: "knob",
    min: 0,
    perFamily: true,
    arg: "[family=]s",
    help: "how long a job runs (default 5)",
  },
  {
    name: "jobPolls",
    type: "int",
    scope: "knob",
    min: 1,
    nullable: true,
    perFamily: true,
    arg: "[family=]n",
    help: "a job ends on its N-th GET instead of after job-seconds",
  },
  {
    name: "cancelSeconds",
    type: "number",
    scope: "knob",
    min: 0,
    perFamily: true,
    arg: "[family=]s",
    help: "how long a cancelled job takes to settle (default 1)",
  },
  {
    name: "cancelEnded",
    type: "enum",
    scope: "knob",
    values: ["error", "noop"],
    arg: "error|noop",
    help: "cancel of an ended job: 400 NCERRBadRequest (default) or a 200 no-op",
  },
  {
    name: "overlap",
    type: "enum",
    scope: "knob",
    values: ["allow", "conflict"],
    arg: "allow|conflict",
    help: "overlapping jobs: allowed (default) or 409 NCERRConflict",
  },
  {
    name: "failureMode",
    type: "enum",
    scope: "knob",
    values: ["partial", "completed", "failed"],
    perFamily: true,
    arg: "[family=]mode",
    help: "how a job with failing items ends: partial (default: failed only if all items fail), completed, failed",
  },
  {
    name: "failItems",
    type: "map",
    scope: "knob",
    repeatable: true,
    arg: "item=message",
    help: "make a scope item (id, name or stored form; * = all) fail with this text",
  },
  {
    name: "inProgressStatus",
    type: "string",
    scope: "knob",
    nullable: true,
    perFamily: true,
    arg: "[family=]text",
    help: "in-progress spelling (default: 'in progress' for externalCm/azure, else in_progress)",
  },
  {
    name: "failedStatus",
    type: "string",
    scope: "knob",
    nullable: true,
    perFamily: true,
    arg: "[family=]text",
    help: "failed spelling (default: error for aws, else failed)",
  },
  {
    name: "detailedStatus",
    type: "enum",
    scope: "knob",
    values: ["always", "ended", "never"],
    nullable: true,
    perFamily: true,
    arg: "[family=]when",
    help: "when detailed_status is shown (default: ended for externalCm, else always)",
  },
  {
    name: "cloud",
    type: "string",
    scope: "knob",
    nullable: true,
    perFamily: true,
    familyOnly: true,
    arg: "family=text",
    help: "the cloud value of a family (e.g. google=gcp)",
  },
  {
    name: "sapState",
    type: "string",
    scope: "knob",
    nullable: true,
    arg: "STATE",
    help: "SAP key jobs show this state instead of IN_PROGRESS while running",
  },
  { name: "sapBackupFails", type: "bool", scope: "knob", help: "the backup of SAP key deletes fails" },
  { name: "tokenSeconds", type: "number", scope: "knob", min: 1, arg: "s", help: "JWT lifetime (default 300)" },
  {
    name: "latencyMs",
    type: "number",
    scope: "knob",
    min: 0,
    arg: "ms",
    help: "latency added to every CCKM answer (default 0)",
  },
  {
    name: "faultLatencyMs",
    type: "number",
    scope: "knob",
    min: 0,
    arg: "ms",
    help: "delay of a slow-answer fault (default 1000)",
  },
  {
    name: "bodyLimit",
    type: "int",
    scope: "knob",
    min: 1,
    arg: "bytes",
    help: "request body limit; larger bodies get 413 (default 1048576)",
  },
  { name: "logLimit", type: "int", scope: "knob", min: 0, arg: "n", help: "request log entries kept (default 10000)" },
  {
    name: "codeDescMessage",
    type: "bool",
    scope: "knob",
    help: "error bodies repeat the message in codeDesc (NCERRConflict: ...)",
  },
  {
    name: "unlicensed",
    type: "bool",
    scope: "knob",
    help: "CCKM is unlicensed: 403 with License in the message on every CCKM endpoint but auth",
  },
];

export const DEFAULT_KNOBS: Knobs = {
  jobSeconds: 5,
  jobPolls: null,
  cancelSeconds: 1,
  cancelEnded: "error",
  overlap: "allow",
  failureMode: "partial",
  failItems: {},
  inProgressStatus: null,
  failedStatus: null,
  detailedStatus: null,
  cloud: null,
  sapState: null,
  sapBackupFails: false,
  tokenSeconds: 300,
  latencyMs: 0,
  faultLatencyMs: 1000,
  bodyLimit: 1024 * 1024,
  logLimit: 10000,
  codeDescMessage: false,
  unlicensed: false,
  families: {},
};

/** `jobSeconds` -> `job-seconds`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** `jobSeconds` -> `CCKM_SIM_JOB_SECONDS`. */
export function envName(name: string): string {
  return "CCKM_SIM_" + kebab(name).replace(/-/g, "_").toUpperCase();
}

export function settingSpec(name: string): SettingSpec | undefined {
  return SETTINGS.find((s) => s.name === name);
}

/** Validates one value (from JSON, or a string from a flag or the environment); errors name the setting. */
export function parseValue(spec: SettingSpec, raw: unknown): unknown {
  const what = `${spec.name}`;
  if (raw === null && spec.nullable) return null;
  switch (spec.type) {
    case "number":
    case "int": {
      const n = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
      if (typeof n !== "number" || !Number.isFinite(n))
        throw new Error(`${what}: expected a number, got ${JSON.stringify(raw)}`);
      if (spec.type === "int" && !Number.isInteger(n)) throw new Error(`${what}: expected an integer, got ${n}`);
      if (spec.min !== undefined && n < spec.min) throw new Error(`${what}: must be at least ${spec.min}, got ${n}`);
      return n;
    }
    case "bool":
      if (raw === true || raw === "true" || raw === "1" || raw === "") return true;
      if (raw === false || raw === "false" || raw === "0") return false;
      throw new Error(`${what}: expected true or false, got ${JSON.stringify(raw)}`);
    case "enum":
      if (typeof raw !== "string" || !spec.values?.includes(raw)) {
        throw new Error(`${what}: expected one of ${spec.values?.join(", ")}, got ${JSON.stringify(raw)}`);
      }
      return raw;
    case "string":
      if (typeof raw !== "string") throw new Error(`${what}: expected a string, got ${JSON.stringify(raw)}`);
      return raw;
    case "map": {
      if (typeof raw === "string") {
        const eq = raw.indexOf("=");
        if (eq <= 0) throw new Error(`${what}: expected item=message, got ${JSON.stringify(raw)}`);
        return { [raw.slice(0, eq)]: raw.slice(eq + 1) };
      }
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new Error(`${what}: expected an object of item -> message`);
      }
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== "string") throw new Error(`${what}.${k}: expected a message string`);
      }
      return { ...(raw as Record<string, string>) };
    }
  }
}

function isFamily(name: string): name is Family {
  return (FAMILIES as readonly string[]).includes(name);
}

/**
 * Applies a patch (`{jobSeconds: 2, families: {google: {jobSeconds: 9}}}`) and returns new knobs. A shallow merge:
 * each knob named is replaced as a whole (so `failItems: {}` and `families: {}` clear), `null` puts a knob back to
 * its default. Throws on unknown names or bad values, naming them.
 */
export function applyKnobPatch(base: Knobs, patch: Record<string, unknown>): Knobs {
  const next: Knobs = { ...base, failItems: { ...base.failItems }, families: { ...base.families } };
  for (const [name, raw] of Object.entries(patch)) {
    if (name === "families") {
      // Like every knob, `families` is replaced as a whole (a shallow merge): `{}` or null clears the overrides.
      next.families = {};
      if (raw === null) continue;
      if (typeof raw !== "object" || Array.isArray(raw)) throw new Error("families: expected an object");
      for (const [family, fpatch] of Object.entries(raw as Record<string, unknown>)) {
        if (!isFamily(family)) throw new Error(`families.${family}: unknown family (one of ${FAMILIES.join(", ")})`);
        if (fpatch === null) {
          delete next.families[family];
          continue;
        }
        if (typeof fpatch !== "object" || Array.isArray(fpatch))
          throw new Error(`families.${family}: expected an object`);
        const fk: Record<string, unknown> = { ...(next.families[family] ?? {}) };
        for (const [k, v] of Object.entries(fpatch as Record<string, unknown>)) {
          const spec = settingSpec(k);
          if (!spec || !spec.perFamily) throw new Error(`families.${family}.${k}: not a per-family knob`);
          if (v === null) delete fk[k];
          else fk[k] = parseValue(spec, v);
        }
        next.families[family] = fk as FamilyKnobs;
      }
      continue;
    }
    const spec = settingSpec(name);
    if (!spec || spec.scope !== "knob") throw new Error(`${name}: unknown knob`);
    if (spec.familyOnly) throw new Error(`${name}: set it per family (families.<family>.${name})`);
    const value = raw === null ? (DEFAULT_KNOBS as unknown as Record<string, unknown>)[name] : parseValue(spec, raw);
    (next as unknown as Record<string, unknown>)[name] = value;
  }
  return next;
}

/** Resolves a per-family knob: family override, then the global knob. */
export function familyKnob<K extends keyof FamilyKnobs>(knobs: Knobs, family: Family, name: K): Knobs[K] {
  const fam = knobs.families[family];
  if (fam && fam[name] !== undefined) return fam[name] as Knobs[K];
  return knobs[name];
}
