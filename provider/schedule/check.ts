// check for SyncSchedule: validates and normalizes the inputs, naming the property, with no API call, so that
// `pulumi preview` fails on bad input offline. Values not known yet pass through (diff treats them as changes).
import { CheckFailure, checkBoolean, checkEnum, checkKnownNames, checkStringList, describe } from "../core/inputs";
import { containsUnknown, Props, UNKNOWN } from "../core/models";
import { checkScopeInputs } from "../kinds/scope";
import { SCOPE_INPUTS } from "./clouds";
import { cronProblem, normalizeCron } from "./cron";
import { CLOUD_NAMES, CLOUDS, cloudOf, INPUT_NAMES } from "./spec";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 date-time in the form CM stores it: UTC, `Z`, no fraction when it is zero. */
export function canonicalDate(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function checkDate(property: string, value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null || value === UNKNOWN) return value ?? undefined;
  if (typeof value !== "string" || !RFC3339.test(value.trim()) || Number.isNaN(Date.parse(value))) {
    failures.push({
      property,
      reason: `must be an RFC 3339 date-time such as "2026-01-01T00:00:00Z", not ${describe(value)}`,
    });
    return value;
  }
  return canonicalDate(Date.parse(value));
}

function checkText(property: string, value: unknown, failures: CheckFailure[], dflt?: string): unknown {
  if (value === undefined || value === null) return dflt;
  if (value === UNKNOWN) return value;
  if (typeof value !== "string") failures.push({ property, reason: `must be a string, not ${describe(value)}` });
  return typeof value === "string" ? value.trim() : value;
}

function checkScope(news: Props, cloud: unknown, inputs: Props, failures: CheckFailure[]): void {
  const m = cloudOf(cloud);
  if (!m) {
    // cloud unknown (preview) or wrong (reported already): check the shapes only
    inputs.synchronizeAll = checkBoolean("synchronizeAll", news.synchronizeAll, failures);
    for (const name of SCOPE_INPUTS) {
      const v = news[name];
      if (v === undefined || v === null) continue;
      inputs[name] = typeof v === "boolean" || v === UNKNOWN ? v : checkStringList(name, v, failures);
    }
    return;
  }
  const mine = [m.list.input, ...m.extras.map((e) => e.input)];
  for (const name of SCOPE_INPUTS) {
    if (!mine.includes(name) && news[name] !== undefined && news[name] !== null) {
      const owner = CLOUDS.find((c) => [c.list.input, ...c.extras.map((e) => e.input)].includes(name));
      failures.push({
        property: name,
        reason: `is for cloud "${owner?.cloud}", not "${m.cloud}" (use ${m.list.input})`,
      });
    }
  }
  // the one scope rule of every sync (kinds/scope.ts); a list not given stays absent (CM keeps none)
  const extra = m.extras.find((e) => e.type === "list")?.input;
  const scope = checkScopeInputs(news, { list: m.list.input, extra }, failures);
  for (const [k, v] of Object.entries(scope)) {
    if (k === "synchronizeAll" || (news[k] !== undefined && news[k] !== null)) inputs[k] = v;
  }
  for (const e of m.extras) {
    if (e.type === "boolean" && news[e.input] !== undefined && news[e.input] !== null)
      inputs[e.input] = checkBoolean(e.input, news[e.input], failures);
  }
}

/** Any list (kept as given: its values only matter by changing); absent stays absent. */
export function checkRunNowTriggers(value: unknown, failures: CheckFailure[]): unknown {
  if (value === undefined || value === null) return undefined;
  if (value === UNKNOWN || Array.isArray(value)) return value;
  failures.push({
    property: "runNowTriggers",
    reason: `must be a list (any values; a change runs the schedule now), not ${describe(value)}`,
  });
  return value;
}

/** `defaultName`: scheduleName when the program gives none (the registry entry's hook, through the front end). */
export function checkSchedule(news: Props, defaultName = "sync-schedule"): { inputs: Props; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  checkKnownNames(news, INPUT_NAMES, failures);
  const inputs: Props = {};
  inputs.cloud = checkEnum("cloud", news.cloud, CLOUD_NAMES, failures);
  checkScope(news, inputs.cloud, inputs, failures);
  const runAt = news.runAt;
  if (runAt === undefined || runAt === null)
    failures.push({ property: "runAt", reason: "is required (a cron expression)" });
  else if (runAt === UNKNOWN) inputs.runAt = runAt;
  else if (typeof runAt !== "string")
    failures.push({ property: "runAt", reason: `must be a string, not ${describe(runAt)}` });
  else {
    const problem = cronProblem(runAt);
    if (problem) failures.push({ property: "runAt", reason: problem });
    inputs.runAt = normalizeCron(runAt);
  }
  inputs.runOn = checkText("runOn", news.runOn, failures, "any") || "any";
  inputs.description = checkText("description", news.description, failures, "");
  inputs.disabled = checkBoolean("disabled", news.disabled, failures);
  inputs.startDate = checkDate("startDate", news.startDate, failures);
  inputs.endDate = checkDate("endDate", news.endDate, failures);
  const [s, e] = [inputs.startDate, inputs.endDate];
  if (typeof s === "string" && typeof e === "string" && !containsUnknown([s, e]) && Date.parse(e) <= Date.parse(s)) {
    failures.push({ property: "endDate", reason: `must be after startDate (${s}), not ${e}` });
  }
  const name = checkText("scheduleName", news.scheduleName, failures);
  if (name === "")
    failures.push({ property: "scheduleName", reason: "must not be empty (leave it out for a default)" });
  inputs.scheduleName = name ?? defaultName;
  inputs.runNowTriggers = checkRunNowTriggers(news.runNowTriggers, failures);
  return { inputs: Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined)), failures };
}
