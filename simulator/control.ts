/** The control API: `sim.control.*` functions and the same operations over HTTP under `/sim/` (not part of CCKM). */
import type { Reply, RequestContext, Route, SimContext } from "./context";
import { ApiError, notFound } from "./errors";
import { SYNC_FAMILY_DESCRIPTORS } from "./families";
import { sapKeyJobView, startSapKeyJob } from "./families/sapKeys";
import { startSyncJob, syncView } from "./families/sync";
import type { FaultEngine } from "./faults";
import { addHistory } from "./history";
import { applyKnobPatch, FAMILIES, SYNC_FAMILIES, type Family, type Knobs, type SyncFamily } from "./knobs";
import { advance, patchPlan } from "./lifecycle";
import type { Counters, FaultRule, Job, JobPatch, JobRecord, LogEntry, Seed } from "./models";
import { loadSeed } from "./seed";

export interface ResetOptions {
  /** A new seed (object or file path) to reset the inventory to; default: the seed the simulator started with. */
  seed?: Seed | string;
}

export interface LogFilter {
  /** Only entries from this index on (the log is append-only until it is cleared or trimmed). */
  since?: number;
  /** Only the last N entries. */
  limit?: number;
}

/** The control operations; every one also exists over HTTP (see simulator/README.md). */
export interface Control {
  config(): Knobs;
  configure(patch: Record<string, unknown>): Knobs;
  resetConfig(): Knobs;
  faults(): FaultRule[];
  replaceFaults(rules: FaultRule[]): FaultRule[];
  addFaults(rules: FaultRule | FaultRule[]): FaultRule[];
  removeFault(index: number): FaultRule[];
  clearFaults(): FaultRule[];
  reseedFaults(seed: number): void;
  /** Back to the start: no jobs, seeded inventory, fresh counters and log, start knobs and fault rules. */
  reset(options?: ResetOptions): void;
  counters(): Counters;
  log(filter?: LogFilter): LogEntry[];
  clearLog(): void;
  jobs(family?: Family): JobRecord[];
  job(id: string): JobRecord | undefined;
  /**
   * Starts a job as someone other than the client would (CM's scheduler, the console): the same checks as the API's
   * POST (a running job of the family refuses it in strict mode). `body` is the POST body; `creator` default
   * `scheduler`.
   */
  startJob(family: Family, body: unknown, creator?: string): JobRecord;
  /** Adds `count` ended jobs, dated before every job there is, to each sync family (or one). Returns how many. */
  addHistory(count: number, family?: SyncFamily): number;
  /** Per-job knobs (duration, polls, failures, spellings) or `{ end: true }`. */
  updateJob(id: string, patch: JobPatch): JobRecord;
  /** Refresh tokens stop working; issued JWTs live on. Returns how many were revoked. */
  revokeRefreshTokens(): number;
  /** Sessions end: refresh tokens and every JWT issued so far get 401. */
  revokeTokens(): number;
  /** Every JWT issued so far is expired (401 `Token is expired`); refresh tokens still work. */
  expireTokens(): number;
  inventory(): Seed;
}

export interface ControlDeps {
  sim: SimContext;
  /** Historic jobs per family made at start, made again by `reset`. */
  history: number;
  faults: FaultEngine;
  setKnobs(k: Knobs): void;
  startKnobs: Knobs;
  startFaults: FaultRule[];
  faultSeed: number;
}

const descriptorOf = (family: string) => SYNC_FAMILY_DESCRIPTORS.find((d) => d.family === family);

export function jobRecord(job: Job, sim: SimContext, now: number): JobRecord {
  const d = job.kind === "sync" ? descriptorOf(job.family) : undefined;
  if (advance(job, now, false, sim.store.inventory)) sim.store.running.delete(job);
  const view =
    job.kind === "sync" && d ? syncView(job, d, now) : sapKeyJobView(job as Extract<Job, { kind: "sapKey" }>, now);
  return {
    family: job.family,
    ...view,
    sim: { polls: job.polls, plan: { ...job.plan, failItems: { ...job.plan.failItems } } },
  };
}

export function createControl(deps: ControlDeps): Control {
  const { sim, faults } = deps;
  const store = () => sim.store;
  const control: Control = {
    config: () => sim.knobs(),
    configure: (patch) => {
      const next = applyKnobPatch(sim.knobs(), patch);
      deps.setKnobs(next);
      return next;
    },
    resetConfig: () => {
      deps.setKnobs(deps.startKnobs);
      return deps.startKnobs;
    },
    faults: () => faults.get(),
    replaceFaults: (rules) => faults.replace(rules),
    addFaults: (rules) => faults.add(rules),
    removeFault: (index) => faults.remove(index),
    clearFaults: () => {
      faults.clear();
      return [];
    },
    reseedFaults: (seed) => faults.reseed(seed),
    reset: (options = {}) => {
      store().reset(options.seed !== undefined ? loadSeed(options.seed) : undefined);
      deps.setKnobs(deps.startKnobs);
      faults.replace(deps.startFaults);
      faults.reseed(deps.faultSeed);
      if (deps.history > 0) addHistory(sim, deps.history);
    },
    counters: () => JSON.parse(JSON.stringify(store().counters)),
    log: (filter = {}) => {
      let entries = store().log;
      if (filter.since !== undefined) entries = entries.slice(filter.since);
      if (filter.limit !== undefined) entries = entries.slice(-filter.limit);
      return entries.map((e) => ({ ...e }));
    },
    clearLog: () => {
      store().log = [];
    },
    jobs: (family) => {
      const now = sim.clock();
      return [...store().jobs.values()]
        .filter((j) => !family || j.family === family)
        .map((j) => jobRecord(j, sim, now));
    },
    job: (id) => {
      const job = store().jobs.get(id);
      return job ? jobRecord(job, sim, sim.clock()) : undefined;
    },
    startJob: (family, body, creator = "scheduler") => {
      const now = sim.clock();
      const who = { creator, now };
      const d = descriptorOf(family);
      if (family !== "sapKeys" && !d) throw new Error(`family: one of ${FAMILIES.join(", ")}`);
      const job = d ? startSyncJob(d, sim, body, who) : startSapKeyJob(sim, body, who);
      return jobRecord(job, sim, now);
    },
    addHistory: (count, family) => {
      if (!Number.isInteger(count) || count < 0) throw new Error("count: expected a non-negative integer");
      if (family !== undefined && !descriptorOf(family)) throw new Error(`family: one of ${SYNC_FAMILIES.join(", ")}`);
      return addHistory(sim, count, family ? [family] : undefined);
    },
    updateJob: (id, patch) => {
      const job = store().jobs.get(id);
      if (!job) throw notFound(`job ${id} not found`);
      if (job.completedMs !== undefined) throw new ApiError(400, `job ${id} has already ended`, "NCERRBadRequest");
      patchPlan(job, patch);
      return jobRecord(job, sim, sim.clock());
    },
    revokeRefreshTokens: () => sim.tokens.revokeRefreshTokens(),
    revokeTokens: () => sim.tokens.revokeSessions(),
    expireTokens: () => sim.tokens.expireAll(),
    inventory: () => store().inventory.toSeed(),
  };
  return control;
}

function bad(err: unknown): never {
  if (err instanceof ApiError) throw err;
  throw new ApiError(400, (err as Error).message, "NCERRInvalidParamValue");
}

function objectBody(ctx: RequestContext): Record<string, unknown> {
  const b = ctx.body ?? {};
  if (typeof b !== "object" || b === null || Array.isArray(b))
    throw new ApiError(400, "expected a JSON object", "NCERRBadRequest");
  return b as Record<string, unknown>;
}

/** The `/sim/` routes (no auth, no faults, not counted). */
export function controlRoutes(control: Control, caCert: () => string): Route[] {
  const ok = (body: unknown, status = 200): Reply => ({ status, body });
  const wrap =
    (fn: (ctx: RequestContext) => unknown) =>
    (ctx: RequestContext): Reply => {
      try {
        return ok(fn(ctx));
      } catch (err) {
        bad(err);
      }
    };
  const r = (method: Route["method"], path: string, fn: (ctx: RequestContext) => unknown): Route => ({
    method,
    path,
    handler: wrap(fn),
    auth: false,
  });
  return [
    r("GET", "/sim/health", () => ({
      ok: true,
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: process.memoryUsage().rss,
      heapUsedBytes: process.memoryUsage().heapUsed,
    })),
    r("GET", "/sim/ca", () => ({ caCert: caCert() })),
    r("GET", "/sim/config", () => control.config()),
    r("PATCH", "/sim/config", (ctx) => control.configure(objectBody(ctx))),
    r("PUT", "/sim/config", (ctx) => {
      control.resetConfig();
      return control.configure(objectBody(ctx));
    }),
    r("DELETE", "/sim/config", () => control.resetConfig()),
    r("GET", "/sim/faults", () => control.faults()),
    r("POST", "/sim/faults", (ctx) => control.replaceFaults((ctx.body ?? []) as FaultRule[])),
    r("PUT", "/sim/faults", (ctx) => control.replaceFaults((ctx.body ?? []) as FaultRule[])),
    r("PATCH", "/sim/faults", (ctx) => control.addFaults((ctx.body ?? []) as FaultRule[])),
    r("DELETE", "/sim/faults", () => control.clearFaults()),
    r("DELETE", "/sim/faults/:index", (ctx) => control.removeFault(Number(ctx.params.index))),
    r("POST", "/sim/faults/seed", (ctx) => {
      const seed = objectBody(ctx).seed;
      if (typeof seed !== "number" || !Number.isInteger(seed)) throw new Error("seed: expected an integer");
      control.reseedFaults(seed);
      return { seed };
    }),
    r("POST", "/sim/reset", (ctx) => {
      const b = objectBody(ctx);
      control.reset(b.seed !== undefined ? { seed: b.seed as Seed } : {});
      return { reset: true };
    }),
    r("GET", "/sim/counters", () => control.counters()),
    r("GET", "/sim/log", (ctx) => {
      const num = (k: string) => (ctx.query.get(k) !== null ? Number(ctx.query.get(k)) : undefined);
      return control.log({ since: num("since"), limit: num("limit") });
    }),
    r("DELETE", "/sim/log", () => {
      control.clearLog();
      return [];
    }),
    r("GET", "/sim/jobs", (ctx) => {
      const family = ctx.query.get("family");
      if (family && !(FAMILIES as readonly string[]).includes(family))
        throw new Error(`family: one of ${FAMILIES.join(", ")}`);
      return control.jobs((family ?? undefined) as Family | undefined);
    }),
    r("GET", "/sim/jobs/:id", (ctx) => {
      const job = control.job(ctx.params.id ?? "");
      if (!job) throw notFound(`job ${ctx.params.id} not found`);
      return job;
    }),
    r("POST", "/sim/jobs", (ctx) => {
      const b = objectBody(ctx);
      if (b.creator !== undefined && typeof b.creator !== "string") throw new Error("creator: expected a string");
      return control.startJob(b.family as Family, b.body, b.creator as string | undefined);
    }),
    r("POST", "/sim/history", (ctx) => {
      const b = objectBody(ctx);
      return { added: control.addHistory(b.count as number, b.family as SyncFamily | undefined) };
    }),
    r("PATCH", "/sim/jobs/:id", (ctx) => control.updateJob(ctx.params.id ?? "", objectBody(ctx) as JobPatch)),
    r("POST", "/sim/tokens/revoke-refresh", () => ({ revoked: control.revokeRefreshTokens() })),
    r("POST", "/sim/tokens/revoke", () => ({ revoked: control.revokeTokens() })),
    r("POST", "/sim/tokens/expire", () => ({ expired: control.expireTokens() })),
    r("GET", "/sim/inventory", () => control.inventory()),
  ];
}
