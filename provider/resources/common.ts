// Base classes of the resources: thin, they only assemble the props and hand them to a dynamic resource whose
// provider is the serialized thin provider of their kind.
import * as pulumi from "@pulumi/pulumi";
import { outputNames } from "../core/kind";
import { kindOf } from "../kinds";
import { providerFor } from "./provider";

/** Inputs every job resource takes. */
export interface CommonJobArgs {
  /**
   * Any values; when any of them changes, a new job is started (the resource is replaced). Use it to re-run a
   * job on demand.
   * @example
   * At most one run a day:
   * ```ts
   * triggers: [new Date().toISOString().slice(0, 10)],
   * ```
   * @default []
   */
  readonly triggers?: pulumi.Input<pulumi.Input<unknown>[]>;
  /**
   * How long `create` waits for the job to end, and `delete` for a cancelled job to settle, in seconds. When it
   * passes, the update fails naming the job, which keeps running on CCKM; the next `pulumi up` resumes waiting on
   * it. Changing only this starts nothing.
   * @default 1800
   */
  readonly timeoutSeconds?: pulumi.Input<number>;
}

/** A CCKM job run as a Pulumi resource. The resource id is the id of the job it started. */
export abstract class CckmJobResource extends pulumi.dynamic.Resource {
  /** The CCKM job id (also the resource id: a failed or cancelled job is replaced by a new resource). */
  declare readonly jobId: pulumi.Output<string>;
  /** `completed`, `failed`, `cancelled`, or `in_progress` while a timed-out job still runs. */
  declare readonly status: pulumi.Output<string>;
  /**
   * Any values; when any of them changes, a new job is started (the resource is replaced). Use it to re-run a
   * job on demand.
   */
  declare readonly triggers: pulumi.Output<unknown[]>;
  /**
   * How long `create` waits for the job to end, and `delete` for a cancelled job to settle, in seconds. When it
   * passes, the update fails naming the job, which keeps running on CCKM; the next `pulumi up` resumes waiting on
   * it. Changing only this starts nothing.
   */
  declare readonly timeoutSeconds: pulumi.Output<number>;

  /** `kind`: the kind's name in the registry; the output names come from its descriptor. */
  protected constructor(kind: string, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const o of outputNames(kindOf(kind))) props[o] = undefined;
    // every arg is passed on, so a misspelt input fails `check` instead of being dropped silently
    Object.assign(props, args ?? {}, { __cckmName: name });
    super(providerFor(kind), name, props, opts, "cckm", kind);
  }
}

/** Outputs of the sync/refresh job resources. */
export abstract class SyncJobResource extends CckmJobResource {
  /** `overall_status` as CCKM reported it (e.g. `completed`, `in_progress`; some families write `in progress`). */
  declare readonly overallStatus: pulumi.Output<string>;
  /** True when a cancel was asked for (CCKM's `abort`). */
  declare readonly aborted: pulumi.Output<boolean>;
  /** Per scope item, CCKM's status text (`detailed_status`); may be empty. */
  declare readonly detailedStatus: pulumi.Output<Record<string, string>>;
  /** When CCKM created the job (RFC 3339). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When CCKM last updated the job (RFC 3339). */
  declare readonly updatedAt: pulumi.Output<string>;
  /**
   * Take everything CCKM manages in this family instead of a list. Exactly one of the list and
   * `synchronizeAll: true` must be given. Changing this starts a new job.
   */
  declare readonly synchronizeAll: pulumi.Output<boolean>;
}

/** The scope inputs of a sync/refresh resource: a list or `synchronizeAll`, exactly one of the two. */
export interface SyncScopeArgs extends CommonJobArgs {
  /**
   * Take everything CCKM manages in this family instead of a list. Exactly one of the list and
   * `synchronizeAll: true` must be given. Changing this starts a new job.
   * @default false
   */
  readonly synchronizeAll?: pulumi.Input<boolean>;
}
