/** Scheduler job configs: create and patch checks, the stored form and the view CM answers with. */
import { randomUUID } from "crypto";
import type { SimContext } from "../context";
import { badRequest, conflict, invalidParam } from "../errors";
import { JOB_ACCOUNT } from "../families/sync";
import { rfc3339 } from "../util";
import {
  KNOWN_OPERATIONS,
  onlyNull,
  OPERATION_PARAMS,
  optionalBoolean,
  parseCron,
  parseDate,
  refuseUnknown,
  requireString,
} from "./fields";
import { checkSyncParams, type SyncParams } from "./syncParams";

/** One run the simulator started (or tried to) for a config: sim-only, shown by `/sim/schedules`. */
export interface ScheduleRun {
  at: string;
  trigger: "cron" | "control" | "run-now";
  family: string;
  jobId?: string;
  /** The scheduler run recorded for it (`GET /api/v1/scheduler/jobs/{runId}`). */
  runId?: string;
  error?: string;
}

export interface JobConfig {
  id: string;
  name: string;
  operation: string;
  description: string;
  run_on: string;
  run_at: string;
  disabled: boolean;
  start_date?: string;
  end_date?: string;
  params: SyncParams;
  createdMs: number;
  updatedMs: number;
  runs: ScheduleRun[];
}

const CREATE_FIELDS = [
  "name",
  "operation",
  "description",
  "run_on",
  "run_at",
  "disabled",
  "start_date",
  "end_date",
  "cckm_synchronization_params",
];
/** The other operations' parameter objects: known, and accepted as `null` only (a sync config has none of them). */
const OTHER_PARAMS = Object.values(OPERATION_PARAMS).filter((p) => p !== "cckm_synchronization_params");
const KNOWN_FIELDS = [...CREATE_FIELDS, ...OTHER_PARAMS];

/** The body's shape: no unknown field; another operation's parameters only as `null`. */
function checkFields(body: Record<string, unknown>): void {
  refuseUnknown(body, KNOWN_FIELDS, "", CREATE_FIELDS);
  onlyNull(body, OTHER_PARAMS, "", "operation cckm_synchronization");
}

function object(body: unknown): Record<string, unknown> {
  if (body === undefined) throw badRequest("request body is required");
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw badRequest("request body must be a JSON object");
  return body as Record<string, unknown>;
}

function checkDates(start: string | undefined, end: string | undefined): void {
  if (start && end && Date.parse(end) <= Date.parse(start)) {
    throw invalidParam(`end_date (${end}) must be after start_date (${start})`);
  }
}

function checkOperation(op: string): void {
  if (!KNOWN_OPERATIONS.includes(op)) {
    throw invalidParam(`operation must be one of ${KNOWN_OPERATIONS.join(", ")}, got ${JSON.stringify(op)}`);
  }
  if (op !== "cckm_synchronization") {
    throw invalidParam(`operation ${op} is not supported by cckm-sim (only cckm_synchronization)`);
  }
}

export function createConfig(raw: unknown, sim: SimContext, existing: Iterable<JobConfig>, now: number): JobConfig {
  const body = object(raw);
  checkFields(body);
  const name = requireString(body, "name", true) as string;
  for (const c of existing) if (c.name === name) throw conflict(`a job config named ${name} already exists (${c.id})`);
  const operation = requireString(body, "operation", true) as string;
  checkOperation(operation);
  const runAt = requireString(body, "run_at", true) as string;
  parseCron("run_at", runAt);
  const start = parseDate(body, "start_date") ?? undefined;
  const end = parseDate(body, "end_date") ?? undefined;
  checkDates(start, end);
  return {
    id: randomUUID(),
    name,
    operation,
    description: requireString(body, "description", false) ?? "",
    run_on: requireString(body, "run_on", false) || "any",
    run_at: runAt.split(/\s+/).join(" "),
    disabled: optionalBoolean(body, "disabled") ?? false,
    start_date: start,
    end_date: end,
    params: checkSyncParams(body.cckm_synchronization_params, sim),
    createdMs: now,
    updatedMs: now + 0.002,
    runs: [],
  };
}

/**
 * Applies a PATCH: `name`, `operation` and `cloud_name` cannot change (`""` or `null` there: not given, as Thales'
 * Terraform provider sends them); `""` or `null` clears a date, Go's zero time leaves it.
 */
export function patchConfig(config: JobConfig, raw: unknown, sim: SimContext, now: number): void {
  const body = object(raw);
  checkFields(body);
  for (const field of ["name", "operation"] as const) {
    const v = body[field];
    if (v !== undefined && v !== null && v !== "" && v !== config[field]) {
      throw invalidParam(`${field} cannot be changed (it is ${config[field]}); create a new job config instead`);
    }
  }
  const next: JobConfig = { ...config };
  const runAt = requireString(body, "run_at", false);
  if (runAt !== undefined) {
    parseCron("run_at", runAt);
    next.run_at = runAt.split(/\s+/).join(" ");
  }
  const description = requireString(body, "description", false);
  if (description !== undefined) next.description = description;
  const runOn = requireString(body, "run_on", false);
  if (runOn !== undefined) next.run_on = runOn || "any";
  const disabled = optionalBoolean(body, "disabled");
  if (disabled !== undefined) next.disabled = disabled;
  for (const field of ["start_date", "end_date"] as const) {
    const v = parseDate(body, field, true);
    if (v !== undefined) next[field] = v ?? undefined;
  }
  checkDates(next.start_date, next.end_date);
  if (body.cckm_synchronization_params !== undefined) {
    next.params = checkSyncParams(body.cckm_synchronization_params, sim, config.params.cloud_name);
  }
  Object.assign(config, next, { updatedMs: now });
}

/** The config as CM answers it (the TF provider reads `job_config_params`). */
export function configView(c: JobConfig): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: c.id,
    uri: `kylo:kylo:scheduler:job_config:${c.id}`,
    ...JOB_ACCOUNT,
    createdAt: rfc3339(c.createdMs),
    updatedAt: rfc3339(c.updatedMs),
    name: c.name,
    operation: c.operation,
    description: c.description,
    run_on: c.run_on,
    run_at: c.run_at,
    disabled: c.disabled,
  };
  if (c.start_date) view.start_date = c.start_date;
  if (c.end_date) view.end_date = c.end_date;
  view.job_config_params = JSON.parse(JSON.stringify(c.params));
  return view;
}
