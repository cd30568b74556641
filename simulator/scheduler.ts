/**
 * CM's scheduler (reference section 10): job configs under `/api/v1/scheduler/job-configs` whose cron (`run_at`, five
 * fields, UTC) starts an ordinary sync job of their family, between `start_date` and `end_date`, unless `disabled`.
 * The cron is croner's: it validates the expression and runs the timer.
 */
import { Cron } from "croner";
import { randomUUID } from "crypto";
import type { SimContext } from "./context";
import { ApiError, conflict, invalidParam, notFound } from "./errors";
import { resolveScope, startSyncJob } from "./families/sync";
import { checked, createBody, familyOf, jobBody, patchBody, type JobConfigFields } from "./jobConfigs";
import type { SyncJob } from "./models";
import { rfc3339 } from "./util";

export interface JobConfig {
  id: string;
  createdMs: number;
  updatedMs: number;
  fields: JobConfigFields;
  /** The jobs its cron (or `fire`) started, and refusals: what CM's scheduler log would show. */
  runs: { at: string; jobId?: string; error?: string }[];
}

/** The configs and their cron timers. */
export class Scheduler {
  readonly configs = new Map<string, JobConfig>();
  private readonly timers = new Map<string, Cron>();

  constructor(private readonly sim: () => SimContext) {}

  view(c: JobConfig): Record<string, unknown> {
    const next = this.nextRun(c);
    return {
      id: c.id,
      uri: `kylo:kylo:scheduler:job_config:${c.id}`,
      account: "kylo:kylo:admin:accounts:kylo",
      createdAt: rfc3339(c.createdMs),
      updatedAt: rfc3339(c.updatedMs),
      run_on: "any",
      disabled: false,
      ...c.fields,
      ...(next ? { next_run_at: next.toISOString() } : {}),
    };
  }

  get(id: string): JobConfig {
    const c = this.configs.get(id);
    if (!c) throw notFound(`job config ${id} not found`);
    return c;
  }

  create(body: unknown, now: number): JobConfig {
    const fields = checked(createBody, body);
    this.checkScope(fields);
    this.checkName(fields.name);
    const c: JobConfig = { id: randomUUID(), createdMs: now, updatedMs: now, fields, runs: [] };
    this.configs.set(c.id, c);
    this.arm(c);
    return c;
  }

  /** A partial update; `null` clears `start_date`, `end_date` and `description`. */
  patch(id: string, body: unknown, now: number): JobConfig {
    const c = this.get(id);
    const change = checked(patchBody, body);
    const next = { ...c.fields } as Record<string, unknown>;
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) continue;
      if (v === null) delete next[k];
      else next[k] = v;
    }
    const fields = next as JobConfigFields;
    this.checkScope(fields);
    if (fields.name !== c.fields.name) this.checkName(fields.name);
    c.fields = fields;
    c.updatedMs = now;
    this.arm(c);
    return c;
  }

  remove(id: string): void {
    this.get(id);
    this.disarm(id);
    this.configs.delete(id);
  }

  /** Starts the config's job now, as its cron would (so not when disabled or outside its dates). */
  fire(id: string): SyncJob {
    const c = this.get(id);
    const sim = this.sim();
    const now = sim.clock();
    const { start_date, end_date, disabled } = c.fields;
    let why: string | undefined;
    if (disabled) why = "it is disabled";
    else if (start_date && now < Date.parse(start_date)) why = `its start_date ${start_date} has not come`;
    else if (end_date && now >= Date.parse(end_date)) why = `its end_date ${end_date} has passed`;
    if (why) throw new ApiError(400, `job config ${id} does not run: ${why}`, "NCERRBadRequest");
    const at = new Date(now).toISOString();
    try {
      const job = startSyncJob(familyOf(c.fields), sim, jobBody(c.fields), { creator: "scheduler", now });
      c.runs.push({ at, jobId: job.id });
      return job;
    } catch (err) {
      c.runs.push({ at, error: (err as Error).message });
      throw err;
    }
  }

  /** Stops every timer and forgets every config. */
  clear(): void {
    for (const id of [...this.timers.keys()]) this.disarm(id);
    this.configs.clear();
  }

  private nextRun(c: JobConfig): Date | null {
    if (c.fields.disabled) return null;
    return this.timers.get(c.id)?.nextRun() ?? null;
  }

  private arm(c: JobConfig): void {
    this.disarm(c.id);
    if (c.fields.disabled) return;
    const f = c.fields;
    const options = {
      mode: "5-part" as const,
      timezone: "UTC",
      unref: true,
      protect: true,
      ...(f.start_date ? { startAt: f.start_date } : {}),
      ...(f.end_date ? { stopAt: f.end_date } : {}),
    };
    const timer = new Cron(f.run_at, options, () => {
      try {
        this.fire(c.id);
      } catch {
        // Recorded in `runs`; CM's scheduler logs a failed run and tries again at the next time.
      }
    });
    this.timers.set(c.id, timer);
  }

  private disarm(id: string): void {
    this.timers.get(id)?.stop();
    this.timers.delete(id);
  }

  private checkName(name: string): void {
    for (const c of this.configs.values()) {
      if (c.fields.name === name) throw conflict(`a job config named ${JSON.stringify(name)} exists (${c.id})`);
    }
  }

  /** The scope must be one the family's sync job would take (the same 400/404 as its POST). */
  private checkScope(f: JobConfigFields): void {
    const d = familyOf(f);
    const body = jobBody(f);
    const allowed = new Set(["synchronize_all", d.scopeField, ...(d.extraFields ?? [])]);
    for (const k of Object.keys(body)) {
      if (!allowed.has(k)) {
        throw invalidParam(
          `unknown parameter: cckm_synchronization_params.${k} (${f.cckm_synchronization_params.cloud_name} takes ${[...allowed].join(", ")})`,
        );
      }
    }
    resolveScope(d, this.sim(), body);
  }
}
