// The pure half of the job engine: check (validate and normalize inputs) and diff (what a change means). No API
// call here: `pulumi preview` works offline and fails on bad input, naming the property.
import { checkKnownNames, CheckFailure, checkMaxAge, checkTimeout, checkTriggers } from "../core/inputs";
import { inputNames, JobKind, replacingInputs } from "../core/kind";
import { containsUnknown, DEFAULT_TIMEOUT_SECONDS, phaseOfStatus, Props } from "../core/models";
import { Context, settingsProblem } from "./context";
import { staleReason } from "./freshness";

/** Drops undefined values (the engine refuses them in outputs). */
export function clean(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** JSON with sorted keys, for comparing values. */
export function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function check(kind: JobKind, ctx: Context, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  checkKnownNames(news, inputNames(kind), failures);
  const inputs: Props = {
    ...kind.normalize(news, failures),
    triggers: checkTriggers(news.triggers, failures),
    timeoutSeconds: checkTimeout(news.timeoutSeconds, failures),
    maxAgeSeconds: checkMaxAge(news.maxAgeSeconds, failures),
  };
  const settings = settingsProblem(ctx);
  if (settings) failures.push(settings);
  return { inputs: clean(inputs), failures };
}

/** What a change of inputs means, with no API call (every kind's diff answers this). */
export interface DiffResult {
  changes: boolean;
  /** Properties whose change replaces the resource; for a job kind `status` when the job failed or was cancelled. */
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Per changed property: does its change update the resource in place, or replace it. */
  detailedDiff: Record<string, "update" | "replace">;
  /** Why the resource is replaced when no input says it (a stale job under `maxAgeSeconds`), for people. */
  reasons?: string[];
}

export function diff(kind: JobKind, olds: Props, news: Props, now: number = Date.now()): DiffResult {
  // normalizing the old values fills defaults that an older state may lack, so they do not read as changes
  const old: Props = {
    ...kind.normalize(olds, []),
    triggers: olds.triggers ?? [],
    timeoutSeconds: olds.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    maxAgeSeconds: olds.maxAgeSeconds,
  };
  const differs = (k: string) => containsUnknown(news[k]) || stable(old[k]) !== stable(news[k]);
  const replacing = replacingInputs(kind);
  const replaces = replacing.filter(differs);
  const updated = inputNames(kind).filter((k) => !replacing.includes(k) && differs(k));
  const phase = phaseOfStatus(olds.status);
  // a job that failed or was cancelled is over: a new job is a new resource, so the id stays its job's id
  if (phase === "failed" || phase === "canceled") replaces.push("status");
  // a completed job older than the freshness bound is replaced by a new one over the same scope
  const stale = replaces.length ? undefined : staleReason(olds, news.maxAgeSeconds, now);
  if (stale) replaces.push("maxAgeSeconds");
  // a job still running at the deadline (or a state without a status) is continued by update
  const unfinished = phase !== "succeeded";
  const detailedDiff = Object.fromEntries([
    ...updated.map((k) => [k, "update"] as const),
    ...replaces.map((k) => [k, "replace"] as const),
  ]);
  return {
    changes: replaces.length > 0 || updated.length > 0 || unfinished,
    replaces,
    deleteBeforeReplace: false,
    detailedDiff,
    ...(stale ? { reasons: [stale] } : {}),
  };
}
