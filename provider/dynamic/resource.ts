// The base of every dynamic class (classes.ts, generated from the registry): it assembles the props and hands them
// to a dynamic resource whose provider is the serialized thin provider of its kind (serialized.ts).
import * as pulumi from "@pulumi/pulumi";
import { allOutputs, entryOf } from "../registry";
import { providerFor } from "./serialized";

/** A CCKM resource of the dynamic front end; `kind` is its registry entry's name. */
export abstract class CckmResource extends pulumi.dynamic.Resource {
  protected constructor(kind: string, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const entry = entryOf(kind);
    const props: Record<string, unknown> = {};
    for (const o of allOutputs(entry)) props[o.name] = undefined;
    // every arg is passed on, so a misspelt input fails `check` instead of being dropped silently. The front end's
    // keys (see runtime.ts): the resource's name, and the default-name hook's value, computed here where project
    // and stack are known (stable from preview to up, distinct per stack)
    Object.assign(props, args ?? {}, { __cckmName: name });
    if (entry.defaultName) props.__cckmDefaultName = entry.defaultName(pulumi.getProject(), pulumi.getStack(), name);
    super(providerFor(kind), name, props, opts, "cckm", kind);
  }
}
