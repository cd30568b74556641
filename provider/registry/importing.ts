// `pulumi import`: the inputs a resource was made with, read back from CM's object by each input's `api` field
// (dotted for a nested one). Empty lists and absent fields are left out, so `check` fills the defaults.
import { PropertySpec } from "../core/kind";
import { Props } from "../core/models";

/** The value at a dotted path of an object, undefined when any part is missing. */
export function fieldAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split(".")) {
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function inputsFromApi(inputs: readonly PropertySpec[], obj: Props): Props {
  const out: Props = {};
  for (const p of inputs) {
    if (!p.api) continue;
    const v = fieldAt(obj, p.api);
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) out[p.name] = v;
  }
  return out;
}
