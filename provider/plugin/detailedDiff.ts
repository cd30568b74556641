// The detailed diff of a resource: per changed property, add / update / delete, and whether it replaces. The engine
// shows it in `preview --diff`, applies `replaceOnChanges` and `ignoreChanges` to it, and knows from it which change
// replaces the resource (the job kinds' scope, SyncSchedule's cloud and name).
import { containsUnknown, Props } from "../core/models";
import { stable } from "../jobs/plan";
import type { DiffResult } from "../engine";
import { ResourceSpec } from "./kindSpecs";

export type ChangeKind = "ADD" | "UPDATE" | "DELETE";
export interface PropertyChange {
  kind: ChangeKind;
  replace: boolean;
}
export type DetailedDiff = Record<string, PropertyChange>;

function changeKind(olds: Props, news: Props, name: string): ChangeKind {
  return olds[name] === undefined ? "ADD" : news[name] === undefined ? "DELETE" : "UPDATE";
}

/**
 * The detailed diff of `res` (the engine's diff of `olds`, the recorded outputs, and `news`, the checked inputs).
 * `modes`: per changed property, update or replace, when the kind computes them itself (SyncSchedule); otherwise
 * a changed input replaces when `res.replaces` names it. A job still running (or failed) with no input changed
 * shows as a change of `status`, which is what update (or the replacement) changes.
 */
export function detailedDiff(
  spec: ResourceSpec,
  olds: Props,
  news: Props,
  res: DiffResult,
  modes?: Record<string, "update" | "replace">,
): DetailedDiff {
  const out: DetailedDiff = {};
  if (!res.changes) return out;
  if (modes) {
    // an output the diff replaces on (a failed job's `status`) changes; it is neither added nor deleted, although
    // the checked inputs (`news`) never hold it
    const isInput = (name: string) => spec.inputs.some((p) => p.name === name);
    for (const [name, mode] of Object.entries(modes))
      out[name] = {
        kind: isInput(name) ? changeKind(olds, news, name) : "UPDATE",
        replace: mode === "replace" || res.replaces.includes(name),
      };
    for (const name of res.replaces) out[name] ??= { kind: "UPDATE", replace: true };
    return out;
  }
  // the registry's inputs of a job kind include the common ones (triggers, timeoutSeconds)
  for (const p of spec.inputs) {
    const [o, n] = [olds[p.name], news[p.name]];
    if (!containsUnknown(n) && stable(o) === stable(n)) continue;
    // a default an older state lacks is no change
    if (o === undefined && p.default !== undefined && stable(n) === stable(p.default)) continue;
    out[p.name] = { kind: changeKind(olds, news, p.name), replace: res.replaces.includes(p.name) };
  }
  for (const name of res.replaces) out[name] ??= { kind: "UPDATE", replace: true };
  if (Object.keys(out).length === 0) out.status = { kind: "UPDATE", replace: false };
  return out;
}
