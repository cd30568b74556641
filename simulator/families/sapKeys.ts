/** SAP key jobs (section 6, seed 004): delete/restore a SAP key, `PENDING` -> `IN_PROGRESS` -> `COMPLETED`/`FAILED`. */
import { randomUUID } from "crypto";
import { sees, wrote } from "../cluster/replication";
import type { Reply, RequestContext, Route, SimContext } from "../context";
import { badRequest, conflict, invalidParam, notFound } from "../errors";
import { advance, makePlan, sapState } from "../lifecycle";
import { filterBy, jobPage } from "../listing";
import type { SapKeyJob } from "../models";
import { userId } from "../auth";
import { rfc3339 } from "../util";
import { refuseIfBusy } from "./busy";
import type { Starter } from "./sync";

const BASE = "/api/v1/cckm/sap/keys/jobs";
const SORTABLE = ["id", "createdAt", "updatedAt", "state", "operation", "cckm_key_id"];
const DEFAULTS = {
  successText: "COMPLETED",
  inProgressStatus: "IN_PROGRESS",
  failedStatus: "FAILED",
  detailedStatus: "never" as const,
  cloud: "sap",
};

export function sapKeyJobView(job: SapKeyJob, now: number): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: job.id,
    uri: `kylo:kylo:cckm:sap_job:${job.id}`,
    account: "kylo:kylo:admin:accounts:kylo",
    createdAt: rfc3339(job.createdMs),
    updatedAt: rfc3339(job.updatedMs),
    cckm_key_id: job.keyId,
    group_id: job.groupId,
    job_id: job.sapJobId,
    key_id: job.sapKeyId,
    operation: job.operation,
    creator_id: job.creatorId,
    creator_name: job.creator,
    state: sapState(job, now),
  };
  if (job.message !== undefined) view.message = job.message;
  return view;
}

/** Brings every running SAP key job up to now, applying their effects on the keys. */
export function advanceSapKeyJobs(sim: SimContext, now: number): void {
  for (const job of sim.store.running) {
    if (job.kind === "sapKey" && advance(job, now, false, sim.store.inventory)) sim.store.running.delete(job);
  }
}

/** Starts a SAP key job from a request body, the way POST does (used by the API and the control API). */
export function startSapKeyJob(sim: SimContext, body: unknown, who: Starter): SapKeyJob {
  const { now } = who;
  if (body === undefined) throw badRequest("request body is required");
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw badRequest("request body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (typeof b.id !== "string" || b.id.trim() === "")
    throw invalidParam("id (the resource id of the SAP key) is required");
  if (b.operation !== "delete" && b.operation !== "restore") {
    throw invalidParam(`operation must be delete or restore, got ${JSON.stringify(b.operation ?? null)}`);
  }
  const dibf = b.delete_if_backup_fails;
  let deleteIfBackupFails = false;
  if (dibf === true || dibf === "true") deleteIfBackupFails = true;
  else if (dibf !== undefined && dibf !== null && dibf !== false && dibf !== "false") {
    throw invalidParam("delete_if_backup_fails must be true or false");
  }
  advanceSapKeyJobs(sim, now);
  const key = sim.store.inventory.get("sapKeys", b.id);
  if (!key) throw notFound(`SAP key ${b.id} not found`);
  const knobs = sim.knobs();
  const running = [...sim.store.running].find((j) => j.kind === "sapKey" && j.keyId === key.id && sees(sim, j.id, now));
  if (running && knobs.overlap === "conflict")
    throw conflict(`a job (${running.id}) is already running for key ${key.id}`);
  refuseIfBusy(sim, "sapKeys", now, (job) => job.kind === "sapKey" && job.keyId === key.id);
  if (!running) {
    if (b.operation === "delete" && key.gone === true) throw badRequest(`key ${key.id} is already deleted from SAP`);
    if (b.operation === "restore" && key.gone !== true)
      throw badRequest(`key ${key.id} is not deleted from SAP; nothing to restore`);
    if (b.operation === "restore" && key.backup !== true) throw badRequest(`key ${key.id} has no backup in CCKM`);
  }
  const param = key.sap_param as Record<string, unknown>;
  const username = who.creator || "admin";
  const job: SapKeyJob = {
    kind: "sapKey",
    family: "sapKeys",
    id: randomUUID(),
    seq: sim.store.nextSeq(),
    createdMs: now,
    updatedMs: now + 0.0005,
    polls: 0,
    plan: makePlan(knobs, "sapKeys", DEFAULTS),
    creator: username,
    creatorId: userId(username),
    keyId: key.id,
    groupId: String(param.groupId),
    sapJobId: randomUUID(),
    sapKeyId: String(param.sap_key_id),
    operation: b.operation,
    deleteIfBackupFails,
  };
  sim.store.addJob(job);
  wrote(sim, job.id, now);
  return job;
}

function create(ctx: RequestContext): Reply {
  const job = startSapKeyJob(ctx.sim, ctx.body, { creator: ctx.principal?.username ?? "admin", now: ctx.now });
  return { status: 201, body: sapKeyJobView(job, ctx.now) };
}

function findJob(ctx: RequestContext): SapKeyJob {
  const id = ctx.params.id ?? "";
  const job = ctx.sim.store.jobs.get(id);
  if (!job || job.kind !== "sapKey" || !sees(ctx.sim, id, ctx.now)) throw notFound(`SAP key job ${id} not found`);
  return job;
}

function list(ctx: RequestContext): Reply {
  const { sim, now, query } = ctx;
  advanceSapKeyJobs(sim, now);
  let jobs: SapKeyJob[] = [];
  for (const job of sim.store.jobs.values()) if (job.kind === "sapKey" && sees(sim, job.id, now)) jobs.push(job);
  jobs = filterBy(jobs, query, "id", (j) => [j.id]);
  jobs = filterBy(jobs, query, "cckm_key_id", (j) => [j.keyId]);
  jobs = filterBy(jobs, query, "operation", (j) => [j.operation]);
  let views = jobs.map((j) => sapKeyJobView(j, now));
  views = filterBy(views, query, "state", (v) => [v.state]);
  // No `sort` on this list is documented (the list itself is not in CM's swagger: reference section 11).
  return { status: 200, body: jobPage(sim.knobs(), views, query, SORTABLE, false) };
}

function get(ctx: RequestContext): Reply {
  const job = findJob(ctx);
  advanceSapKeyJobs(ctx.sim, ctx.now);
  if (advance(job, ctx.now, true, ctx.sim.store.inventory)) ctx.sim.store.running.delete(job);
  return { status: 200, body: sapKeyJobView(job, ctx.now) };
}

export function sapKeyRoutes(): Route[] {
  return [
    { method: "POST", path: BASE, handler: create },
    // Served only with `sapJobList` (lenient): in strict mode it answers like any route CM does not have.
    { method: "GET", path: BASE, handler: list, enabled: (knobs) => knobs.sapJobList },
    { method: "GET", path: `${BASE}/:id`, handler: get },
  ];
}
