/** The generic sync/refresh job endpoints (sections 2, 3 and 5), instantiated once per family descriptor. */
import { randomUUID } from "crypto";
import { sees, wrote } from "../cluster/replication";
import type { Reply, RequestContext, Route, SimContext } from "../context";
import { badRequest, conflict, invalidParam, notFound } from "../errors";
import { advance, detailEntries, entryFinished, makePlan } from "../lifecycle";
import { filterBy, jobPage } from "../listing";
import type { ScopeItem, SyncJob } from "../models";
import { normalizeStatus, rfc3339 } from "../util";
import { refuseIfBusy } from "./busy";
import type { SyncFamilyDescriptor } from "./types";

export const JOB_ACCOUNT = {
  account: "kylo:kylo:admin:accounts:kylo",
  application: "ncryptify:gemalto:admin:apps:kylo",
  devAccount: "ncryptify:gemalto:admin:accounts:gemalto",
};

const SORTABLE = ["id", "createdAt", "updatedAt", "completed_at", "overall_status", "cloud", "abort"];

/** The job as CCKM answers it (field order as in the seeds). */
export function syncView(job: SyncJob, d: SyncFamilyDescriptor, now: number): Record<string, unknown> {
  const ended = job.completedMs !== undefined;
  const view: Record<string, unknown> = {
    id: job.id,
    uri: `kylo:kylo:cckm:synchronize:${job.id}`,
    ...JOB_ACCOUNT,
    createdAt: rfc3339(job.createdMs),
    updatedAt: rfc3339(job.updatedMs),
  };
  if (ended) view.completed_at = rfc3339(job.completedMs as number);
  view.overall_status = ended ? job.overallStatus : job.plan.inProgressStatus;
  const mode = job.plan.detailedStatus;
  if (mode === "always" || (mode === "ended" && ended)) {
    if (ended) view.detailed_status = { ...job.detailedStatus };
    else {
      const entries = detailEntries(job);
      view.detailed_status = Object.fromEntries(
        entries.map((e, k) => [e.key, entryFinished(job, k, entries.length, now) ? e.text : "in_progress"]),
      );
    }
  }
  view.cloud = job.plan.cloud;
  view[d.jobField ?? d.scopeField] = job.items.map((i) => i.stored);
  Object.assign(view, job.extra);
  view.abort = job.abort;
  return view;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) throw badRequest("request body is required");
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw badRequest("request body must be a JSON object");
  return body as Record<string, unknown>;
}

/** Checks the body the CCKM way and resolves the scope; throws 400 or 404 with CCKM error bodies. */
export function resolveScope(
  d: SyncFamilyDescriptor,
  sim: SimContext,
  raw: unknown,
): { items: ScopeItem[]; extra: Record<string, unknown> } {
  const body = bodyObject(raw);
  const all = body.synchronize_all;
  if (all !== undefined && all !== null && typeof all !== "boolean")
    throw invalidParam("synchronize_all must be a boolean");
  const list = body[d.scopeField];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw invalidParam(`${d.scopeField} must be an array of strings`);
    list.forEach((v, i) => {
      if (typeof v !== "string" || v.trim() === "")
        throw invalidParam(`${d.scopeField}[${i}] must be a non-empty string`);
    });
  }
  const refs = (list ?? []) as string[];
  if (all === true && refs.length > 0) {
    throw invalidParam(`${d.scopeField} and synchronize_all are mutually exclusive; specify either`);
  }
  if (all !== true && refs.length === 0) {
    throw invalidParam(`either ${d.scopeField} (a non-empty list) or synchronize_all: true is required`);
  }
  const extra = d.extra ? d.extra(body, sim.store.inventory) : {};
  const inventory = sim.store.inventory.list(d.inventory);
  let chosen = inventory;
  if (all !== true) {
    const missing: string[] = [];
    chosen = [];
    for (const ref of refs) {
      const item = inventory.find((it) => d.matches(it, ref));
      if (!item) missing.push(ref);
      else if (!chosen.includes(item)) chosen.push(item);
    }
    if (missing.length > 0) {
      throw notFound(`${d.scopeField}: not found: ${missing.join(", ")}`);
    }
  }
  return { items: chosen.map((it) => d.scopeItem(it, extra)), extra };
}

/** Brings every running job of a family up to now (no poll counted). */
export function advanceFamily(d: SyncFamilyDescriptor, sim: SimContext, now: number): void {
  for (const job of sim.store.running) {
    if (job.kind === "sync" && job.family === d.family) {
      if (advance(job, now, false, sim.store.inventory)) sim.store.running.delete(job);
    }
  }
}

function findJob(d: SyncFamilyDescriptor, ctx: RequestContext): SyncJob {
  const id = ctx.params.id ?? "";
  const job = ctx.sim.store.jobs.get(id);
  if (!job || job.kind !== "sync" || job.family !== d.family || !sees(ctx.sim, id, ctx.now)) {
    throw notFound(`synchronization job ${id} not found`);
  }
  return job;
}

export interface Starter {
  /** The user shown as the job's creator (`admin`, or `scheduler` / `console` for jobs started by someone else). */
  creator: string;
  now: number;
}

/**
 * Starts a job of family `d` from a request body, the way POST does: scope checks, the 409 `overlap` check, the
 * refusal of a second job while one runs. Used by the API, the control API and the scheduler alike.
 */
export function startSyncJob(d: SyncFamilyDescriptor, sim: SimContext, body: unknown, who: Starter): SyncJob {
  const { now } = who;
  const { items, extra } = resolveScope(d, sim, body);
  const knobs = sim.knobs();
  advanceFamily(d, sim, now);
  const stored = new Set(items.map((i) => i.stored));
  const clash = (job: SyncJob) => job.items.find((i) => stored.has(i.stored));
  if (knobs.overlap === "conflict") {
    for (const job of sim.store.running) {
      if (job.kind !== "sync" || job.family !== d.family || !sees(sim, job.id, now)) continue;
      const c = clash(job);
      if (c) throw conflict(`a synchronization job (${job.id}) is already in progress for ${c.stored}`);
    }
  }
  refuseIfBusy(sim, d.family, now, (job) => job.kind === "sync" && clash(job) !== undefined);
  const job: SyncJob = {
    kind: "sync",
    family: d.family,
    id: randomUUID(),
    seq: sim.store.nextSeq(),
    createdMs: now,
    updatedMs: now + 0.002 + Math.random() * 0.003,
    polls: 0,
    plan: makePlan(knobs, d.family, d),
    creator: who.creator,
    items,
    extra,
    abort: false,
  };
  sim.store.addJob(job);
  wrote(sim, job.id, now);
  return job;
}

/** A family's jobs, oldest first (by creation time: historic jobs are dated in the past). */
export function familyJobs(sim: SimContext, family: string): SyncJob[] {
  const jobs: SyncJob[] = [];
  for (const job of sim.store.jobs.values()) if (job.kind === "sync" && job.family === family) jobs.push(job);
  return jobs.sort((a, b) => a.createdMs - b.createdMs || a.seq - b.seq);
}

export function syncRoutes(d: SyncFamilyDescriptor): Route[] {
  const base = `/api${d.path}`;

  const create = (ctx: RequestContext): Reply => {
    const job = startSyncJob(d, ctx.sim, ctx.body, { creator: ctx.principal?.username ?? "", now: ctx.now });
    // As in every seed example, the creation answer has no detailed_status yet; reads show it.
    const view = syncView(job, d, ctx.now);
    delete view.detailed_status;
    return { status: 201, body: view };
  };

  const list = (ctx: RequestContext): Reply => {
    const { sim, now, query } = ctx;
    advanceFamily(d, sim, now);
    let jobs = familyJobs(sim, d.family).filter((j) => sees(sim, j.id, now));
    jobs = filterBy(jobs, query, "id", (j) => [j.id]);
    jobs = filterBy(jobs, query, d.jobField ?? d.scopeField, (j) => j.items.flatMap((i) => [i.stored, ...i.aliases]));
    let views = jobs.map((j) => syncView(j, d, now));
    const statuses = query.getAll("overall_status").map(normalizeStatus);
    if (statuses.length > 0) views = views.filter((v) => statuses.includes(normalizeStatus(String(v.overall_status))));
    return { status: 200, body: jobPage(sim.knobs(), views, query, SORTABLE, d.sortDocumented === true) };
  };

  const get = (ctx: RequestContext): Reply => {
    const job = findJob(d, ctx);
    if (advance(job, ctx.now, true, ctx.sim.store.inventory)) ctx.sim.store.running.delete(job);
    return { status: 200, body: syncView(job, d, ctx.now) };
  };

  const cancel = (ctx: RequestContext): Reply => {
    const job = findJob(d, ctx);
    const { sim, now } = ctx;
    if (advance(job, now, false, sim.store.inventory)) {
      sim.store.running.delete(job);
      if (sim.knobs().cancelEnded === "noop") return { status: 200, body: syncView(job, d, ctx.now) };
      throw badRequest(`job ${job.id} is not in progress; only a running job can be cancelled`);
    }
    if (!job.abort) {
      job.abort = true;
      job.cancelMs = now;
      job.cancelPolls = job.polls;
      job.updatedMs = now;
      wrote(sim, job.id, now);
    }
    sim.store.counters.cancels++;
    return { status: 200, body: syncView(job, d, ctx.now) };
  };

  return [
    { method: "POST", path: base, handler: create },
    { method: "GET", path: base, handler: list },
    { method: "GET", path: `${base}/:id`, handler: get },
    { method: "POST", path: `${base}/:id/cancel`, handler: cancel, body: false },
  ];
}
