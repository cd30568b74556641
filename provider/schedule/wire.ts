// The mapping between SyncSchedule's props and CM's job config: the bodies sent (POST, PATCH) and the props read
// back from what CM stores.
import { normalizeItem } from "../core/inputs";
import { Props } from "../core/models";
import { canonicalDate } from "./check";
import { cloudFromCm } from "./clouds";
import { nextRunAt } from "./cron";
import { cloudOf } from "./spec";

export const JOB_CONFIGS_PATH = "/v1/scheduler/job-configs";
export const OPERATION = "cckm_synchronization";

/** Go's zero time, which a CM that keeps no date might answer with. */
const ZERO_DATE = /^0001-01-01T00:00:00/;

function syncParams(p: Props, withCloud: boolean): Record<string, unknown> {
  const m = cloudOf(p.cloud)!;
  const params: Record<string, unknown> = {};
  if (withCloud) params.cloud_name = m.cloudName;
  params.synchronize_all = p.synchronizeAll === true;
  if (p[m.list.input] !== undefined) params[m.list.api] = p[m.list.input];
  for (const e of m.extras) if (p[e.input] !== undefined) params[e.api] = p[e.input];
  return params;
}

export function createBody(p: Props): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: p.scheduleName,
    operation: OPERATION,
    run_at: p.runAt,
    run_on: p.runOn,
    description: p.description,
    disabled: p.disabled === true,
    cckm_synchronization_params: syncParams(p, true),
  };
  if (p.startDate !== undefined) body.start_date = p.startDate;
  if (p.endDate !== undefined) body.end_date = p.endDate;
  return body;
}

/**
 * Every in-place field as wanted (so an update also repairs drift); a date that is no longer wanted is sent as ""
 * (CM's way of removing a setting: its key-rotation params say "to remove the setting, set to an empty string").
 * cloud_name is left out: CM cannot change it.
 */
export function patchBody(olds: Props, news: Props): Record<string, unknown> {
  const body: Record<string, unknown> = {
    run_at: news.runAt,
    run_on: news.runOn,
    description: news.description,
    disabled: news.disabled === true,
    cckm_synchronization_params: syncParams(news, false),
  };
  for (const [input, api] of [
    ["startDate", "start_date"],
    ["endDate", "end_date"],
  ] as const) {
    if (news[input] !== undefined) body[api] = news[input];
    else if (olds[input] !== undefined) body[api] = "";
  }
  return body;
}

function dateOf(v: unknown): string | undefined {
  if (typeof v !== "string" || v === "" || ZERO_DATE.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? v : canonicalDate(ms);
}

function listOf(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return [...new Set(v.map((x) => normalizeItem(String(x))))].sort();
}

/** The props of a job config as CM stores it (every field CM reports, whatever the program says). */
export function propsFromCm(raw: Record<string, unknown>, now: number): Props {
  const params = (raw.job_config_params ?? raw.cckm_synchronization_params ?? {}) as Record<string, unknown>;
  const cloud = cloudFromCm(params.cloud_name);
  const props: Props = {
    cloud: cloud?.cloud ?? String(params.cloud_name ?? ""),
    synchronizeAll: params.synchronize_all === true,
    runAt: String(raw.run_at ?? ""),
    runOn: typeof raw.run_on === "string" && raw.run_on !== "" ? raw.run_on : "any",
    description: typeof raw.description === "string" ? raw.description : "",
    disabled: raw.disabled === true,
    startDate: dateOf(raw.start_date),
    endDate: dateOf(raw.end_date),
    scheduleName: String(raw.name ?? ""),
    createdAt: String(raw.createdAt ?? ""),
    updatedAt: String(raw.updatedAt ?? ""),
  };
  if (cloud) {
    const m = cloud;
    props[m.list.input] = listOf(params[m.list.api]);
    for (const e of m.extras) {
      const v = params[e.api];
      props[e.input] = e.type === "boolean" ? (typeof v === "boolean" ? v : undefined) : listOf(v);
    }
  }
  props.nextRunAt = nextRunAt(props, now);
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}
