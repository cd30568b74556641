/**
 * The one declaration of cckm-sim's settings: name, type, default and help. Everything else is derived from it: the
 * `Knobs` type, the defaults, the checks of options, `/sim/config` patches, flags and `CCKM_SIM_*` variables, the
 * per-job patch fields, and `cckm-sim --help`.
 */
import type { z } from "zod";
import { DETAILED_MODES, FAILURE_MODES, PROFILES, type FamilyKnobs, type Knobs, type Profile } from "./knobTypes";
import { bool, int, nullable, num, oneOf, text, textList, textMap, type Same, type ValueType } from "./schema";

export { PROFILES, type Profile } from "./knobTypes";

export interface SettingMeta {
  /** `start`: fixed when the simulator starts; `knob`: live, part of `Knobs`. */
  scope: "start" | "knob";
  /** Can also be set for one family (`families.<family>.<name>`, flag `--<name> <family>=<value>`). */
  perFamily?: boolean;
  /** Only per family (no global value). */
  familyOnly?: boolean;
  /** Can be changed for one running job (`PATCH /sim/jobs/{id}`). */
  perJob?: boolean;
  /** The flag may repeat, each adding an entry. */
  repeatable?: boolean;
  /** The flag's value placeholder in `--help`. */
  arg?: string;
  /** Where this behaviour comes from: `doc` = cckm-api.md documents it, `inf` = inferred (strict guess). */
  source?: "doc" | "inf";
  help: string;
}

export interface Setting<T = unknown> extends SettingMeta {
  type: ValueType<T>;
  /** The default (in the strict profile, the default one). */
  default: T;
  /** The value under `profile: "lenient"` when it differs (the simulator's behaviour before the strict default). */
  lenient?: T;
}

function knob<T, const M extends Omit<SettingMeta, "scope">>(
  type: ValueType<T>,
  def: T,
  meta: M & { lenient?: NoInfer<T> },
) {
  return { ...meta, scope: "knob" as const, type, default: def };
}

/** `$documented` in `successTexts` stands for the family's documented success text (cckm-api.md section 2). */
export const DOCUMENTED_TEXT = "$documented";

function start<T>(type: ValueType<T>, def: T, meta: Omit<SettingMeta, "scope">): Setting<T> {
  return { ...meta, scope: "start", type, default: def };
}

/** Settings fixed at start (library options, flags, environment). `undefined` default: absent unless given. */
export const START_SETTINGS = {
  port: start(int(0), 0, { arg: "n", help: "port to listen on; 0 picks a free one" }),
  host: start(text(), "127.0.0.1", { arg: "addr", help: "loopback address to listen on" }),
  http: start(bool(), false, { help: "serve plain HTTP instead of HTTPS" }),
  username: start(text(), "admin", { arg: "name", help: "the user that may log in" }),
  password: start(text(), "admin", { arg: "secret", help: "that user's password" }),
  seed: start(text(), undefined, { arg: "file.json", help: "inventory seed file (default: the built-in seed)" }),
  caOut: start(text(), undefined, { arg: "file", help: "write the CA certificate (PEM) to this file" }),
  faults: start(text(), undefined, {
    arg: "p|file.json",
    help: "fault probability on every CCKM endpoint (a mix of 5xx, 429, resets, slow answers), or a JSON file of fault rules",
  }),
  faultSeed: start(int(), 1, { arg: "n", help: "seed of the fault random generator" }),
  lostAnswers: start(num(0, 1), 0, {
    arg: "p",
    help: "probability that a job-creating POST creates its job and then loses the answer (reset, truncated JSON or a 502 HTML page)",
  }),
  nodes: start(int(1), 1, {
    arg: "n",
    help: "serve a cluster of n nodes over one shared state, plus a load balancer at --port (nodes on the next ports); 1 = one node",
  }),
  history: start(int(0), 0, {
    arg: "n",
    help: "ended jobs per sync family created at start (and at reset), dated in the past, so lists hold more than a page",
  }),
} satisfies Record<string, Setting<unknown>>;

/** The live settings; changeable at any time through `control.configure` or `PATCH /sim/config`. */
export const KNOB_SETTINGS = {
  profile: knob(oneOf(PROFILES), "strict" as Profile, {
    arg: "strict|lenient",
    help: "strict: as strict as a real CM where the reference is silent; lenient: the kinder simulator of before. Sets the default of every knob marked with a lenient value",
  }),
  jobSeconds: knob(num(0), 5, { perFamily: true, perJob: true, arg: "[family=]s", help: "how long a job runs" }),
  jobPolls: knob(nullable(int(1)), null as number | null, {
    perFamily: true,
    perJob: true,
    arg: "[family=]n",
    help: "a job ends on its N-th GET instead of after job-seconds",
  }),
  cancelSeconds: knob(num(0), 1, {
    perFamily: true,
    perJob: true,
    arg: "[family=]s",
    help: "how long a cancelled job takes to settle (completed, abort: true)",
  }),
  cancelEnded: knob(oneOf(["error", "noop"]), "error", {
    arg: "error|noop",
    help: "cancel of an ended job: 400 NCERRBadRequest (error) or a 200 no-op",
  }),
  overlap: knob(oneOf(["allow", "conflict"]), "allow", {
    arg: "allow|conflict",
    help: "a second job over an overlapping scope while one runs: allowed, or 409 NCERRConflict (checked before refuse-while-running)",
  }),
  refuseWhileRunning: knob(oneOf(["family", "scope", "off"]), "family", {
    lenient: "off",
    perFamily: true,
    source: "doc",
    arg: "[family=]family|scope|off",
    help: "a second job while one of the family runs (cancelled but not ended counts) is refused with refusal-status: family = any, scope = only an overlapping scope (SAP key jobs: the same key), off",
  }),
  refusalStatus: knob(int(400, 499), 400, {
    source: "inf",
    arg: "status",
    help: "HTTP status of that refusal (a 4xx other than 409 by default)",
  }),
  refusalCode: knob(text(), "NCERRBadRequest", { source: "inf", arg: "codeDesc", help: "codeDesc of that refusal" }),
  refusalMessage: knob(text(), "Synchronization is already in progress (job {id}); try again after it ends", {
    source: "inf",
    arg: "text",
    help: "message of that refusal; {id} = the running job, {family} = its family",
  }),
  listOrder: knob(oneOf(["oldest", "newest"]), "oldest", {
    lenient: "newest",
    source: "inf",
    arg: "oldest|newest",
    help: "order of job lists when sort is not given: oldest first (creation order) or newest first",
  }),
  sortParam: knob(oneOf(["documented", "anywhere"]), "documented", {
    lenient: "anywhere",
    source: "doc",
    arg: "documented|anywhere",
    help: "where sort is accepted on job lists: only where documented (DSM, Google), elsewhere 400; or on every list",
  }),
  pageLimit: knob(int(0), 10, { source: "inf", arg: "n", help: "page size when limit is not given" }),
  maxLimit: knob(nullable(int(1)), 1000 as number | null, {
    lenient: null,
    source: "inf",
    arg: "n",
    help: "a larger limit is capped to this (the answer's limit says so); null = no cap",
  }),
  sapJobList: knob(bool(), false, {
    lenient: true,
    source: "doc",
    help: "GET /v1/cckm/sap/keys/jobs (the list) exists; CM's swagger has only POST and GET .../{id}",
  }),
  successTexts: knob(textList(), [DOCUMENTED_TEXT, "Synchronization completed", "OK", "synced 14 keys"], {
    lenient: [DOCUMENTED_TEXT],
    perFamily: true,
    source: "inf",
    arg: "[family=]text,text",
    help: "per-item success texts, drawn (seeded by text-seed) for each item; $documented = the family's documented text",
  }),
  textSeed: knob(int(), 1, { arg: "n", help: "seed of the success-text draw" }),
  failureMode: knob(oneOf(FAILURE_MODES), "partial", {
    perFamily: true,
    perJob: true,
    arg: "[family=]mode",
    help: "how a job with failing items ends: partial (failed only if all items fail), completed, failed",
  }),
  failItems: knob(textMap("item -> message"), {} as Record<string, string>, {
    perJob: true,
    repeatable: true,
    arg: "item=message",
    help: "make a scope item (id, name or stored form; * = all) fail with this text, in jobs started later",
  }),
  inProgressStatus: knob(nullable(text()), null as string | null, {
    perFamily: true,
    perJob: true,
    arg: "[family=]text",
    help: "in-progress spelling (default: 'in progress' for externalCm/azure, else in_progress)",
  }),
  failedStatus: knob(nullable(text()), null as string | null, {
    perFamily: true,
    perJob: true,
    arg: "[family=]text",
    help: "failed spelling (default: error for aws, else failed)",
  }),
  detailedStatus: knob(nullable(oneOf(DETAILED_MODES)), null as (typeof DETAILED_MODES)[number] | null, {
    perFamily: true,
    arg: "[family=]when",
    help: "when detailed_status is shown (default: ended for externalCm, else always)",
  }),
  cloud: knob(nullable(text()), null as string | null, {
    perFamily: true,
    familyOnly: true,
    arg: "family=text",
    help: "the cloud value of a family (e.g. google=gcp)",
  }),
  sapState: knob(nullable(text()), null as string | null, {
    perJob: true,
    arg: "STATE",
    help: "SAP key jobs show this state instead of IN_PROGRESS while running",
  }),
  sapBackupFails: knob(bool(), false, { perJob: true, help: "the backup of SAP key deletes fails" }),
  tokenSeconds: knob(num(1), 300, { arg: "s", help: "JWT lifetime" }),
  latencyMs: knob(num(0), 0, { arg: "ms", help: "latency added to every CCKM answer" }),
  replicationLagMs: knob(num(0), 0, {
    source: "inf",
    arg: "ms",
    help: "in a cluster: a job or job config created or changed through one node stays unknown to the other nodes this long",
  }),
  faultLatencyMs: knob(num(0), 1000, { arg: "ms", help: "delay of a slow-answer fault" }),
  bodyLimit: knob(int(1), 1024 * 1024, { arg: "bytes", help: "request body limit; larger bodies get 413" }),
  logLimit: knob(int(0), 10000, { arg: "n", help: "request log entries kept" }),
  codeDescMessage: knob(bool(), false, { help: "error bodies repeat the message in codeDesc (NCERRConflict: ...)" }),
  unlicensed: knob(bool(), false, {
    help: "CCKM is unlicensed: 403 with License in the message on every CCKM endpoint but auth",
  }),
};

export type KnobSettings = typeof KNOB_SETTINGS;
export type KnobName = keyof KnobSettings;

// The public `Knobs` and `FamilyKnobs` (knobTypes.ts) are spelled out so that the simulator's typings reach no zod;
// these two lines fail to compile when they and the value types declared above (each knob's zod schema) disagree.
type SchemaValue<K extends KnobName> = z.output<KnobSettings[K]["type"]["schema"]>;
type PerFamilyName = { [K in KnobName]: KnobSettings[K] extends { perFamily: true } ? K : never }[KnobName];
const knobsAgree: Same<Omit<Knobs, "families">, { -readonly [K in KnobName]: SchemaValue<K> }> = true;
const familyKnobsAgree: Same<FamilyKnobs, { [K in PerFamilyName]?: SchemaValue<K> }> = true;
void [knobsAgree, familyKnobsAgree];

/** The knob names whose declaration passes `keep` (e.g. the per-family ones). */
export function knobsWhere(keep: (meta: SettingMeta) => boolean): KnobName[] {
  return (Object.keys(KNOB_SETTINGS) as KnobName[]).filter((n) => keep(KNOB_SETTINGS[n] as SettingMeta));
}

/** Every setting by name, start settings first (the order of `--help`). */
export const SETTINGS: readonly (Setting & { name: string })[] = [
  ...Object.entries(START_SETTINGS),
  ...Object.entries(KNOB_SETTINGS),
].map(([name, s]) => ({ name, ...(s as Setting) }));

export function settingNamed(name: string): (Setting & { name: string }) | undefined {
  return SETTINGS.find((s) => s.name === name);
}

/** `jobSeconds` -> `job-seconds`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** `jobSeconds` -> `CCKM_SIM_JOB_SECONDS`. */
export function envName(name: string): string {
  return "CCKM_SIM_" + kebab(name).replace(/-/g, "_").toUpperCase();
}

/** The help line's text: the setting's help plus its default when that says something. */
export function helpLine(s: Setting): string {
  const said = (v: unknown) =>
    typeof v === "number" || (typeof v === "string" && v !== "")
      ? String(v)
      : Array.isArray(v)
        ? v.join(",")
        : undefined;
  const hasLenient = "lenient" in s;
  const d = said(s.default) ?? (hasLenient ? String(s.default) : undefined);
  const lenient = hasLenient ? (said(s.lenient) ?? String(s.lenient)) : undefined;
  const shown =
    d === undefined ? "" : lenient === undefined ? ` (default ${d})` : ` (default ${d}; lenient ${lenient})`;
  return `${s.help}${shown}${s.repeatable ? " (repeatable)" : ""}`;
}
