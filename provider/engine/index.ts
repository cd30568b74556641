// The engine's operations API, neutral to the front end: each call takes a kind name (the class name, e.g.
// `GoogleKeySync`), plain props (only the kind's own properties) and a Context (settings, progress logger, the
// resource's name). It dispatches through the registry, with no branch per kind. The dynamic front end
// (provider/dynamic) and the provider plugin (provider/plugin) are two thin adapters over these functions; each
// keeps its own bookkeeping keys out of what it passes here.
import { CheckFailure } from "../core/inputs";
import { Props } from "../core/models";
import { Context } from "../jobs/context";
import { DiffResult, entryOf } from "../registry";

/** Validates and normalizes inputs (no API call). Failures name the property. */
export function check(kind: string, ctx: Context, news: Props): { inputs: Props; failures: CheckFailure[] } {
  return entryOf(kind).check(ctx, news);
}

/** What a change of inputs means: an update, a replacement, or nothing (no API call). */
export function diff(kind: string, olds: Props, news: Props): DiffResult {
  return entryOf(kind).diff(olds, news);
}

/** Creates the resource (for a job kind: starts or adopts a job and waits); a failed job throws an init error. */
export function create(kind: string, ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }> {
  return entryOf(kind).create(ctx, inputs);
}

/** Refresh: the resource as CM has it; `id: ""` when CM no longer knows it. */
export function read(kind: string, ctx: Context, id: string, props: Props): Promise<{ id: string; props: Props }> {
  return entryOf(kind).read(ctx, id, props);
}

/**
 * `pulumi import`: the inputs rebuilt from CM's object (by the properties' `api` fields), then read as a refresh;
 * `id: ""` when CM does not know it.
 */
export async function importResource(
  kind: string,
  ctx: Context,
  id: string,
): Promise<{ id: string; props: Props; inputs: Props }> {
  const entry = entryOf(kind);
  const inputs = await entry.importInputs(ctx, id);
  if (!inputs) return { id: "", props: {}, inputs: {} };
  const res = await entry.read(ctx, id, inputs);
  return { ...res, inputs };
}

/** Updates the resource (for a job kind: resumes the wait on a job still running at the last deadline). */
export function update(kind: string, ctx: Context, id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
  return entryOf(kind).update(ctx, id, olds, news);
}

/** Deletes the resource (for a job kind: cancels a running job and waits for it to settle). */
export function remove(kind: string, ctx: Context, id: string, props: Props): Promise<void> {
  return entryOf(kind).remove(ctx, id, props);
}

export { ENTRIES, entryOf, allOutputs } from "../registry";
export type { DiffResult, KindEntry } from "../registry";
export { COMMON_INPUTS, COMMON_OUTPUTS } from "../core/kind";
export type { PropertySpec, PropertyType } from "../core/kind";
export type { Context } from "../jobs/context";
export type { Logger } from "../jobs/progress";
export type { CheckFailure } from "../core/inputs";
export type { Props } from "../core/models";
export { COALESCE_CONFIG } from "../jobs/coalesce/settings";
