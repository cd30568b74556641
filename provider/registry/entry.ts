// One entry of the registry: everything the engine, both front ends and the docs know of a resource kind. The
// schema and the SDKs, the dynamic classes (and their TSDoc), import and the engine's dispatch all read it.
import { CheckFailure } from "../core/inputs";
import { PropertySpec } from "../core/kind";
import { Props } from "../core/models";
import { Context } from "../jobs/context";
import { DiffResult } from "../jobs/plan";

export type { DiffResult };

/** The operations of a kind, front-end neutral: plain props in and out, a Context for settings, log and names. */
export interface KindOperations {
  /** Validates and normalizes inputs (no API call); failures name the property. */
  check(ctx: Context, news: Props): { inputs: Props; failures: CheckFailure[] };
  diff(olds: Props, news: Props): DiffResult;
  create(ctx: Context, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** Refresh: what CM has now; `id: ""` when CM no longer knows it. */
  read(ctx: Context, id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(ctx: Context, id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  remove(ctx: Context, id: string, props: Props): Promise<void>;
  /** `pulumi import`: the inputs CM's object was made with (by the properties' `api` fields); undefined if gone. */
  importInputs(ctx: Context, id: string): Promise<Props | undefined>;
}

export interface KindEntry extends KindOperations {
  /** Class name, and the type token's last part (`cckm:index:<name>`, `pulumi-nodejs:dynamic/cckm:<name>`). */
  readonly name: string;
  /** What the resource does, for people. */
  readonly description: string;
  /** What `pulumi import` takes as the id, for the docs, e.g. "the job id (UUID)". */
  readonly importId: string;
  /** Every input, in the order the docs show them. */
  readonly inputs: readonly PropertySpec[];
  /** Every output that is not an input echoed (every input is an output too). */
  readonly outputs: readonly PropertySpec[];
  /** Outputs always present (the schema's `required`); default: every output and input. */
  readonly requiredOutputs?: readonly string[];
  /**
   * The default of the kind's name input from where the resource is (CM's names are unique: unique per stack,
   * stable from preview to up). A front end computes it and passes it as `Context.defaultName`.
   */
  defaultName?(project: string, stack: string, resourceName: string): string;
}

/** Every output name of an entry: its own outputs, then the inputs echoed. */
export function allOutputs(entry: KindEntry): PropertySpec[] {
  const own = new Set(entry.outputs.map((p) => p.name));
  return [...entry.outputs, ...entry.inputs.filter((p) => !own.has(p.name))];
}
