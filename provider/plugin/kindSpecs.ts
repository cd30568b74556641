// The kinds' properties as the schema needs them, straight from the registry's entries (names, types,
// descriptions, defaults, replacement rules, import ids): schema.ts generates the plugin's schema, and so every
// SDK, from this.
import { allOutputs, COMMON_INPUTS, COMMON_OUTPUTS, ENTRIES } from "../engine";
import type { KindEntry, PropertySpec, PropertyType } from "../engine";
import { importSection } from "./importIds";

export { COMMON_INPUTS, COMMON_OUTPUTS };
export type { PropertySpec, PropertyType };

export interface ResourceSpec {
  readonly name: string;
  /** What the resource does, then how to import one (the schema's resource description). */
  readonly description: string;
  readonly inputs: readonly PropertySpec[];
  /** Every output, the inputs echoed included. */
  readonly outputs: readonly PropertySpec[];
  /** Outputs always present (the schema's `required`). */
  readonly requiredOutputs: readonly string[];
}

function specOf(e: KindEntry): ResourceSpec {
  const outputs = allOutputs(e);
  return {
    name: e.name,
    description: e.description + importSection(e.name, e.importId),
    inputs: e.inputs,
    outputs,
    requiredOutputs: e.requiredOutputs ?? outputs.map((p) => p.name),
  };
}

/** Every kind, in the registry's order. */
export function resourceSpecs(): readonly ResourceSpec[] {
  return ENTRIES.map(specOf);
}
