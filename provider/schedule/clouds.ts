// How CM spells a cloud in cckm_synchronization_params: each cloud's `cloudName` and aliases are in its sync
// family's `schedule` part (kinds/families.ts), read through spec.ts's CLOUDS.
import { CLOUDS, CloudSpec } from "./spec";

/** The cloud of CM's cloud_name (case-insensitive, aliases included), or undefined. */
export function cloudFromCm(cm: unknown): CloudSpec | undefined {
  if (typeof cm !== "string") return undefined;
  const v = cm.trim().toLowerCase();
  return CLOUDS.find((c) => [c.cloudName, c.cloud, ...(c.aliases ?? [])].some((n) => n.toLowerCase() === v));
}

/** Every scope-related input of any cloud. */
export const SCOPE_INPUTS = [...new Set(CLOUDS.flatMap((c) => [c.list.input, ...c.extras.map((e) => e.input)]))];
