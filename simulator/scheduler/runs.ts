/**
 * CM's scheduler runs (`/api/v1/scheduler/jobs`, `GET` list, `GET|DELETE /{id}`: CM's operations index): one record
 * per run of a job config, whether the cron fired it, `/sim/schedules/{id}/fire` did, or `run-now`. A run links to
 * the sync job it started and takes its status from that job; the record's shape is not documented (reference
 * section 14), so it follows the job-config and sync-job conventions (simulator/README.md, "Scheduler runs").
 */
import { randomUUID } from "crypto";
import type { Reply, RequestContext, Route, SimContext } from "../context";
import { invalidParam, notFound } from "../errors";
import { JOB_ACCOUNT } from "../families/sync";
import { advance, detailEntries } from "../lifecycle";
import { filterBy, paginate } from "../listing";
import type { SyncJob } from "../models";
import { rfc3339 } from "../util";
import type { JobConfig, ScheduleRun } from "./configs";
import { descriptorOf } from "./fields";
import { cloudOf } from "./syncParams";

const BASE = "/api/v1/scheduler/jobs";
const SORTABLE = ["id", "name", "job_config_id", "job_status", "run_type", "createdAt", "updatedAt", "completed_at"];
/** Runs kept; the oldest go first (CM prunes its run history too; how is not documented). */
const MAX_RUNS = 1000;

/** One run as stored. */
export interface SchedulerRun {
  id: string;
  seq: number;
  configId: string;
  configName: string;
  operation: string;
  cloudName: string;
  /** `scheduled` (the cron, or `/sim/.../fire` acting as it) or `manual` (run-now). */
  runType: "scheduled" | "manual";
  createdMs: number;
  /** The sync job it started; absent when the start was refused (then `error` says why). */
  syncJobId?: string;
  syncJobPath?: string;
  error?: string;
}

/** A run's state, worked out from its sync job at the moment it is read. */
interface RunState {
  status: "in_progress" | "completed" | "failed" | "aborted";
  updatedMs: number;
  completedMs?: number;
  failedItems: Record<string, string>;
}

export class RunLog {
  private readonly runs = new Map<string, SchedulerRun>();
  private seq = 0;

  constructor(private readonly sim: SimContext) {}

  /** Records a run the runner made (it started the sync job, or was refused). */
  record(c: JobConfig, run: ScheduleRun, createdMs: number): SchedulerRun {
    const d = descriptorOf(cloudOf(c.params.cloud_name));
    const r: SchedulerRun = {
      id: randomUUID(),
      seq: ++this.seq,
      configId: c.id,
      configName: c.name,
      operation: c.operation,
      cloudName: c.params.cloud_name,
      runType: run.trigger === "run-now" ? "manual" : "scheduled",
      createdMs,
    };
    if (run.jobId !== undefined) {
      r.syncJobId = run.jobId;
      r.syncJobPath = `${d.path}/${run.jobId}`;
    }
    if (run.error !== undefined) r.error = run.error;
    this.runs.set(r.id, r);
    if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value as string);
    return r;
  }

  get(id: string): SchedulerRun | undefined {
    return this.runs.get(id);
  }

  delete(id: string): boolean {
    return this.runs.delete(id);
  }

  /** Oldest first. */
  all(): SchedulerRun[] {
    return [...this.runs.values()];
  }

  clear(): void {
    this.runs.clear();
    this.seq = 0;
  }

  private state(r: SchedulerRun, now: number): RunState {
    if (r.syncJobId === undefined)
      return { status: "failed", updatedMs: r.createdMs, completedMs: r.createdMs, failedItems: {} };
    const job = this.sim.store.jobs.get(r.syncJobId);
    // The sync job is gone only after a reset, which forgets the runs too; read it as ended without detail.
    if (!job || job.kind !== "sync") return { status: "completed", updatedMs: r.createdMs, failedItems: {} };
    // Brought up to now without counting a poll: reading a run is not a GET of the sync job.
    if (advance(job, now, false, this.sim.store.inventory)) this.sim.store.running.delete(job);
    if (job.completedMs === undefined) return { status: "in_progress", updatedMs: job.updatedMs, failedItems: {} };
    const failedItems = failingItems(job);
    let status: RunState["status"] = "completed";
    if (job.abort) status = "aborted";
    else if (job.overallStatus !== "completed" || Object.keys(failedItems).length > 0) status = "failed";
    return { status, updatedMs: job.updatedMs, completedMs: job.completedMs, failedItems };
  }

  /** The run as the API answers it. */
  view(r: SchedulerRun, now: number): Record<string, unknown> {
    const s = this.state(r, now);
    const view: Record<string, unknown> = {
      id: r.id,
      uri: `kylo:kylo:scheduler:job:${r.id}`,
      ...JOB_ACCOUNT,
      createdAt: rfc3339(r.createdMs),
      updatedAt: rfc3339(Math.max(s.updatedMs, r.createdMs)),
      job_config_id: r.configId,
      name: r.configName,
      operation: r.operation,
      run_type: r.runType,
      job_status: s.status,
      started_at: rfc3339(r.createdMs),
    };
    if (s.completedMs !== undefined) view.completed_at = rfc3339(s.completedMs);
    const sync: Record<string, unknown> = { cloud_name: r.cloudName };
    if (r.syncJobId !== undefined) {
      sync.job_id = r.syncJobId;
      sync.job_path = r.syncJobPath;
    }
    view.cckm_synchronization = sync;
    if (Object.keys(s.failedItems).length > 0) view.failed_items = s.failedItems;
    if (r.error !== undefined) view.error = r.error;
    return view;
  }
}

/** The `detailed_status` entries of an ended job that carry a failure text (not aborted, not a success). */
function failingItems(job: SyncJob): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of detailEntries(job)) {
    if (e.failed && job.detailedStatus?.[e.key] === e.text) out[e.key] = e.text;
  }
  return out;
}

/** `created_after` / `created_before`: RFC 3339, as the other dates CM takes. */
function dateParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === "") return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(ms)) {
    throw invalidParam(
      `${name} must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(raw)}`,
    );
  }
  return ms;
}

export function runRoutes(runs: RunLog): Route[] {
  const find = (ctx: RequestContext): SchedulerRun => {
    const r = runs.get(ctx.params.id ?? "");
    if (!r) throw notFound(`scheduler job ${ctx.params.id} not found`);
    return r;
  };

  const list = (ctx: RequestContext): Reply => {
    const { query, now, sim } = ctx;
    const after = dateParam(query, "created_after");
    const before = dateParam(query, "created_before");
    let all = runs.all().reverse(); // newest first, as the job-config list
    if (after !== undefined) all = all.filter((r) => r.createdMs > after);
    if (before !== undefined) all = all.filter((r) => r.createdMs < before);
    all = filterBy(all, query, "id", (r) => [r.id]);
    all = filterBy(all, query, "name", (r) => [r.configName]);
    all = filterBy(all, query, "job_config_id", (r) => [r.configId]);
    all = filterBy(all, query, "operation", (r) => [r.operation]);
    all = filterBy(all, query, "run_type", (r) => [r.runType]);
    let views = all.map((r) => runs.view(r, now));
    views = filterBy(views, query, "job_status", (v) => [v.job_status]);
    return {
      status: 200,
      body: paginate(views, query, {
        sortable: SORTABLE,
        pageLimit: sim.knobs().pageLimit,
        maxLimit: sim.knobs().maxLimit,
      }),
    };
  };

  return [
    { method: "GET", path: BASE, handler: list },
    { method: "GET", path: `${BASE}/:id`, handler: (ctx) => ({ status: 200, body: runs.view(find(ctx), ctx.now) }) },
    {
      method: "DELETE",
      path: `${BASE}/:id`,
      body: false,
      // Forgets the run record; the sync job it started is the family's and stays.
      handler: (ctx) => (runs.delete(find(ctx).id), { status: 204, body: "" }),
    },
  ];
}
