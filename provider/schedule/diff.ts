// diff for SyncSchedule, from the recorded outputs (what CM stored at the last create, update or refresh) and the
// checked inputs, with no API call. Each input's `replaces` comes from spec.ts: a change of `cloud` or `scheduleName`
// replaces the job config, any other change is a PATCH in place; a change of runNowTriggers alone is an update that
// runs the config now (no PATCH). A value not known yet counts as a change.
import { containsUnknown, Props } from "../core/models";
import { DiffResult, stable } from "../jobs/plan";
import { SCHEDULE_INPUTS } from "./spec";

/** Outputs of older runs may lack a default; read them as the default so it is not a change. */
const DEFAULTS: Props = { synchronizeAll: false, runOn: "any", description: "", disabled: false, runNowTriggers: [] };

/** Whether runNowTriggers changed (absent and `[]` are the same: nothing to run). */
export function runNowChanged(olds: Props, news: Props): boolean {
  if (containsUnknown(news.runNowTriggers)) return true;
  return stable(olds.runNowTriggers ?? []) !== stable(news.runNowTriggers ?? []);
}

export function changedInputs(olds: Props, news: Props): string[] {
  return SCHEDULE_INPUTS.map((p) => p.name).filter((k) => {
    if (containsUnknown(news[k])) return true;
    return stable(olds[k] ?? DEFAULTS[k]) !== stable(news[k] ?? DEFAULTS[k]);
  });
}

export function diffSchedule(olds: Props, news: Props): DiffResult {
  const changed = changedInputs(olds, news);
  const replaces = changed.filter((k) => SCHEDULE_INPUTS.find((p) => p.name === k)?.replaces);
  // CM's names are unique: a replacement that keeps the name must delete the old config first
  const sameName = !containsUnknown(news.scheduleName) && news.scheduleName === olds.scheduleName;
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameName,
    detailedDiff: Object.fromEntries(changed.map((k) => [k, replaces.includes(k) ? "replace" : "update"])),
  };
}
