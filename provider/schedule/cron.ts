// Cron expressions with croner: the five fields CM's scheduler takes, and the next run time (evaluated in UTC, as
// cckm-sim does; CM evaluates run_at in its own time zone, which this provider cannot see).
import { Cron } from "croner";

/** Why `expr` is not a five-field cron expression, or undefined when it is. */
export function cronProblem(expr: string): string | undefined {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === "") {
    return `must be a cron expression of five fields (minute hour day-of-month month day-of-week), e.g. "0 2 * * *"; "${expr}" has ${fields[0] === "" ? 0 : fields.length}`;
  }
  try {
    new Cron(fields.join(" "), { paused: true, timezone: "UTC" });
    return undefined;
  } catch (err) {
    return `is not a valid cron expression ("${expr}"): ${(err as Error).message}`;
  }
}

/** Whitespace collapsed, so spacing is not a change. */
export function normalizeCron(expr: string): string {
  return expr.trim().split(/\s+/).join(" ");
}

/** The next run after `now` within the dates, as RFC 3339; "" when there is none (or disabled). */
export function nextRunAt(
  s: { runAt?: unknown; startDate?: unknown; endDate?: unknown; disabled?: unknown },
  now: number,
): string {
  if (s.disabled === true || typeof s.runAt !== "string" || cronProblem(s.runAt)) return "";
  const start = typeof s.startDate === "string" ? Date.parse(s.startDate) : NaN;
  const end = typeof s.endDate === "string" ? Date.parse(s.endDate) : NaN;
  const from = Number.isFinite(start) ? Math.max(now, start - 1) : now;
  const next = new Cron(normalizeCron(s.runAt), { paused: true, timezone: "UTC" }).nextRun(new Date(from));
  if (!next || (Number.isFinite(end) && next.getTime() > end)) return "";
  return next.toISOString().replace(".000Z", "Z");
}
