/**
 * Runs the configs: one timer per active config, armed for its next cron time (UTC), so a schedule works offline.
 * A run starts the family's sync job through the family's own job-creating handler, so it shows in the family's
 * job list like any other job. Timers sit in the simulator's timer set: `stop()` clears them.
 */
import type { Principal } from "../auth";
import type { SimContext } from "../context";
import { ApiError } from "../errors";
import { syncRoutes } from "../families/sync";
import { rfc3339 } from "../util";
import type { JobConfig, ScheduleRun } from "./configs";
import { descriptorOf, parseCron } from "./fields";
import { cloudOf, jobBody } from "./syncParams";

/** setTimeout's longest delay; a later run re-arms on waking. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Runs kept per config (sim-only history). */
const MAX_RUNS = 50;

/** Whom the scheduler's jobs are created by. */
const SCHEDULER: Principal = { username: "scheduler", userId: "scheduler", sid: "", jwtId: "" };

/** Why a config would not run at `now`, or undefined when it would. */
export function inactiveReason(c: JobConfig, now: number): string | undefined {
  if (c.disabled) return "the job config is disabled";
  if (c.start_date && now < Date.parse(c.start_date)) return `start_date ${c.start_date} has not come yet`;
  if (c.end_date && now > Date.parse(c.end_date)) return `end_date ${c.end_date} has passed`;
  return undefined;
}

/** The next cron time after `afterMs` within the config's dates (undefined: none; disabled: none). */
export function nextRun(c: JobConfig, afterMs: number): number | undefined {
  if (c.disabled) return undefined;
  const from = c.start_date ? Math.max(afterMs, Date.parse(c.start_date) - 1) : afterMs;
  const next = parseCron("run_at", c.run_at).nextRun(new Date(from));
  if (!next) return undefined;
  const t = next.getTime();
  if (c.end_date && t > Date.parse(c.end_date)) return undefined;
  return t;
}

export class ScheduleRunner {
  private readonly armed = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly sim: SimContext,
    private readonly timers: Set<NodeJS.Timeout>,
    /** Records each run as a scheduler run (runs.ts); returns its id. */
    private readonly onRun?: (c: JobConfig, run: ScheduleRun, at: number) => string,
  ) {}

  /** (Re-)arms the timer of a config for its next run; after a change, a delete or a run. */
  arm(c: JobConfig, afterMs = this.sim.clock()): void {
    this.disarm(c.id);
    const at = nextRun(c, afterMs);
    if (at === undefined) return;
    const delay = Math.min(Math.max(at - this.sim.clock(), 0), MAX_DELAY_MS);
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.armed.delete(c.id);
      if (this.sim.clock() + 5 < at) return this.arm(c, afterMs); // woke early (long delay clamped)
      this.fire(c, "cron");
      this.arm(c, Math.max(at, this.sim.clock()));
    }, delay);
    t.unref();
    this.timers.add(t);
    this.armed.set(c.id, t);
  }

  disarm(id: string): void {
    const t = this.armed.get(id);
    if (t === undefined) return;
    clearTimeout(t);
    this.timers.delete(t);
    this.armed.delete(id);
  }

  disarmAll(): void {
    for (const id of [...this.armed.keys()]) this.disarm(id);
  }

  /** Starts the config's sync job now, as CM's scheduler would; a refusal (e.g. 409) is recorded, not thrown. */
  fire(c: JobConfig, trigger: ScheduleRun["trigger"]): ScheduleRun {
    const d = descriptorOf(cloudOf(c.params.cloud_name));
    const now = this.sim.clock();
    const run: ScheduleRun = { at: rfc3339(now), trigger, family: d.family };
    const create = syncRoutes(d).find((r) => r.method === "POST" && !r.path.includes(":"));
    try {
      const reply = create!.handler({
        params: {},
        query: new URLSearchParams(),
        body: jobBody(c.params),
        now,
        principal: SCHEDULER,
        sim: this.sim,
      });
      run.jobId = String((reply.body as { id: unknown }).id);
    } catch (err) {
      run.error = err instanceof ApiError ? `${err.status} ${err.codeDesc ?? ""}: ${err.message}` : String(err);
    }
    if (this.onRun) run.runId = this.onRun(c, run, now);
    c.runs.push(run);
    if (c.runs.length > MAX_RUNS) c.runs.splice(0, c.runs.length - MAX_RUNS);
    return run;
  }
}
