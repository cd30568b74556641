// A job kind as a registry entry: the generic job engine (jobs/) over the kind's descriptor (kinds/).
import { isApiError } from "../client/errors";
import { COMMON_INPUTS, COMMON_OUTPUTS, JobKind } from "../core/kind";
import { Props } from "../core/models";
import { clientOf } from "../jobs/context";
import * as ops from "../jobs/operations";
import { check, diff } from "../jobs/plan";
import { Deadline } from "../core/deadline";
import { KindEntry } from "./entry";
import { inputsFromApi } from "./importing";

/** How long `pulumi import` may take to read a job. */
const IMPORT_SECONDS = 120;

export function jobEntry(kind: JobKind): KindEntry {
  return {
    name: kind.name,
    description: kind.description,
    importId:
      "the CCKM job id (the `id` of the job object CCKM returned when the job started, as listed by the job " +
      "family's `GET` endpoint); the job's scope is read back from CCKM and becomes the resource's inputs, and a job " +
      "CCKM no longer knows cannot be imported",
    inputs: [...kind.inputs, ...COMMON_INPUTS],
    outputs: [...COMMON_OUTPUTS, ...kind.outputs],
    check: (ctx, news) => check(kind, ctx, news),
    diff: (olds, news) => diff(kind, olds, news),
    create: (ctx, inputs) => ops.create(kind, ctx, inputs),
    read: (ctx, id, props) => ops.read(kind, ctx, id, props),
    update: (ctx, id, olds, news) => ops.update(kind, ctx, id, olds, news),
    remove: (ctx, id, props) => ops.remove(kind, ctx, id, props),
    async importInputs(ctx, id): Promise<Props | undefined> {
      let job: Props;
      try {
        job = await clientOf(ctx).get<Props>(
          `${kind.jobsPath}/${encodeURIComponent(id)}`,
          undefined,
          Deadline.after(IMPORT_SECONDS),
        );
      } catch (err) {
        if (isApiError(err, 404)) return undefined;
        throw err;
      }
      return inputsFromApi(kind.inputs, job);
    },
  };
}
