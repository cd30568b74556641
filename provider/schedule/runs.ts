// The runs of a job config in CM's scheduler (`/v1/scheduler/jobs`: CM's operations index; the record's shape as
// cckm-sim documents it, simulator/README.md "Scheduler runs"): the `lastRun` output, and what a run that did not
// complete says to the user. Pure, except readLastRun (one GET).
import { CckmClient } from "../client/client";
import { isApiError } from "../client/errors";
import { Deadline } from "../core/deadline";
import { Props } from "../core/models";
import { normalizeStatus } from "../core/status";
import { SYNC_KINDS } from "../kinds/families";
import { SyncKind } from "../kinds/sync";

export const RUNS_PATH = "/v1/scheduler/jobs";

type Raw = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** A run's `job_status` as the job resources say theirs: `in_progress`, `completed`, `failed`, `cancelled`. */
export function runStatus(raw: unknown): string {
  const s = normalizeStatus(raw);
  if (s === "aborted" || s === "cancelled" || s === "canceled") return "cancelled";
  if (s === "error") return "failed";
  if (s === "in_progress" || s === "running" || s === "scheduled" || s === "pending") return "in_progress";
  return s || "in_progress";
}

/** Whether a lastRun status is an end. */
export function runEnded(status: unknown): boolean {
  return status === "completed" || status === "failed" || status === "cancelled";
}

/** The `lastRun` output of one run record: camelCase, no undefined values. */
export function lastRunFrom(raw: Raw): Props {
  const sync = (raw.cckm_synchronization ?? {}) as Raw;
  const failed = raw.failed_items;
  const failingItems: Record<string, string> = {};
  if (failed && typeof failed === "object" && !Array.isArray(failed)) {
    for (const [k, v] of Object.entries(failed as Raw)) failingItems[k] = String(v);
  }
  const out: Props = {
    runId: String(raw.id ?? ""),
    jobId: str(sync.job_id) ?? str(raw.job_id),
    runType: str(raw.run_type),
    status: runStatus(raw.job_status),
    startedAt: str(raw.started_at) ?? str(raw.createdAt),
    endedAt: str(raw.completed_at),
    failingItems,
    error: str(raw.error),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** What went wrong in a run that ended failed or cancelled (its error, its failing items), or undefined. */
export function runProblem(lastRun: unknown): string | undefined {
  if (!lastRun || typeof lastRun !== "object") return undefined;
  const r = lastRun as Props;
  if (r.status !== "failed" && r.status !== "cancelled") return undefined;
  const items = Object.entries((r.failingItems ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}: ${v}`);
  const n = items.length;
  const what = [
    typeof r.error === "string" ? `the sync job could not start (${r.error})` : undefined,
    n ? `${n} failing item${n === 1 ? "" : "s"}: ${items.join("; ")}` : undefined,
  ].filter(Boolean);
  return `ended ${String(r.status)}${what.length ? ` with ${what.join("; ")}` : ""}`;
}

/** The warning `pulumi refresh` shows for a last run that failed, or undefined. */
export function lastRunWarning(label: string, configId: string, lastRun: unknown): string | undefined {
  const problem = runProblem(lastRun);
  if (!problem) return undefined;
  const r = lastRun as Props;
  const job = typeof r.jobId === "string" ? `, CCKM job ${r.jobId}` : "";
  const when = typeof r.startedAt === "string" ? `, started ${r.startedAt}` : "";
  return (
    `cckm: ${label}: warning: the last run of job config ${configId} (${String(r.runType ?? "run")} run ` +
    `${String(r.runId)}${job}${when}) ${problem}. The schedule itself is unchanged. What to do: fix the cause in ` +
    "CM (the items named), then change runNowTriggers to run it now, or wait for the next scheduled run."
  );
}

/** The sync family CM's scheduler runs for a SyncSchedule `cloud`. */
export function familyOf(cloud: unknown): SyncKind | undefined {
  return SYNC_KINDS.find((k) => k.family.schedule?.cloud === cloud);
}

/**
 * The config's newest run, or undefined when it never ran. The list is asked for newest first and filtered to the
 * config, and both are checked here too (the order and filters of a real CM are not documented). A CM without the
 * run list (404 on the list path) has no lastRun: `keep` (what state had) stays.
 */
export async function readLastRun(
  client: CckmClient,
  configId: string,
  deadline: Deadline,
  keep?: unknown,
): Promise<{ lastRun?: Props; unavailable?: string }> {
  let page: { resources?: Raw[] };
  try {
    page = await client.get<{ resources?: Raw[] }>(
      RUNS_PATH,
      { job_config_id: configId, sort: "-createdAt", limit: "10" },
      deadline,
    );
  } catch (err) {
    if (isApiError(err, 404) || isApiError(err, 405) || isApiError(err, 501)) {
      return {
        lastRun: keep && typeof keep === "object" ? (keep as Props) : undefined,
        unavailable: `CM has no scheduler run list (GET /api${RUNS_PATH}: ${(err as Error).message})`,
      };
    }
    throw err;
  }
  const mine = (page?.resources ?? []).filter((r) => r && r.job_config_id === configId);
  const time = (r: Raw) => Date.parse(String(r.createdAt ?? r.started_at ?? "")) || 0;
  const newest = mine.reduce<Raw | undefined>((a, r) => (!a || time(r) > time(a) ? r : a), undefined);
  return { lastRun: newest && lastRunFrom(newest) };
}
