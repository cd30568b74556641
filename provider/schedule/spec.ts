// SyncSchedule's properties described as data, in the one spec shape of every kind (the registry entry in
// entry.ts carries them): the clouds and their scope inputs come from the sync families (kinds/families.ts).
//
// In place or replace, per field, from what CM's PATCH /v1/scheduler/job-configs/{id} takes: Thales' Terraform
// provider updates run_at, run_on, description, disabled, start_date, end_date and cckm_synchronization_params
// in place, blanks cloud_name in its PATCH body and marks name (and operation) immutable; cckm-sim follows that.

import { PropertySpec } from "../core/kind";
import { SYNC_FAMILIES } from "../kinds/families";
import { ScheduleCloud } from "../kinds/sync";

export const SCHEDULE_KIND = "SyncSchedule";

const P = "cckm_synchronization_params";

/** A cloud of SyncSchedule: the sync family CM's scheduler runs, with its scope inputs. */
export interface CloudSpec extends ScheduleCloud {
  /** The scope list: input and CM's param name. */
  list: { input: string; api: string };
  /** Other params (AWS `regions`, Azure `take_cloud_key_backup`). */
  extras: { input: string; api: string; type: "list" | "boolean" }[];
}

/** The clouds, from the sync families that have a `schedule` part, sorted by name. */
export const CLOUDS: readonly CloudSpec[] = SYNC_FAMILIES.filter((f) => f.schedule)
  .map((f): CloudSpec => ({
    ...f.schedule!,
    list: { input: f.list.input, api: f.schedule!.listApi ?? f.list.api },
    extras: [
      ...(f.extraList ? [{ input: f.extraList.input, api: f.extraList.api, type: "list" as const }] : []),
      ...(f.flags ?? []).map((x) => ({ input: x.input, api: x.api, type: "boolean" as const })),
    ],
  }))
  .sort((a, b) => a.cloud.localeCompare(b.cloud));

export type CloudName = string;
export const CLOUD_NAMES: readonly string[] = CLOUDS.map((c) => c.cloud);

/** The cloud of a `cloud` value, undefined when there is none. */
export function cloudOf(cloud: unknown): CloudSpec | undefined {
  return CLOUDS.find((c) => c.cloud === cloud);
}

const UPDATED = "Updated in place.";

/** The scope inputs of each cloud, described from the family's data. */
function scopeInputs(): PropertySpec[] {
  const family = (c: CloudSpec) => SYNC_FAMILIES.find((f) => f.schedule?.cloud === c.cloud)!;
  return CLOUDS.flatMap((c) => {
    const f = family(c);
    const name = c.listApi ? ` (CM's \`${c.listApi}\`)` : "";
    const noDot = (t: string) => t.replace(/\.$/, "");
    // a flag's text starts with its verb ("Also take ..."), a list's with a name ("AWS regions ...")
    const verb = (t: string) => t[0].toLowerCase() + noDot(t.slice(1));
    return [
      {
        name: c.list.input,
        type: "string[]",
        api: `${P}.${c.list.api}`,
        description:
          `${c.label} only: ${noDot(f.list.what)}${name}. Sorted and de-duplicated. Exclusive with ` +
          `\`synchronizeAll\`. ${UPDATED}`,
      },
      ...c.extras.map((e): PropertySpec => ({
        name: e.input,
        type: e.type === "list" ? "string[]" : "boolean",
        api: `${P}.${e.api}`,
        description:
          e.type === "list"
            ? `${c.label} only, with \`${c.list.input}\`: ${noDot(f.extraList!.what)}. ${UPDATED}`
            : `${c.label} only: ${verb(f.flags!.find((x) => x.input === e.input)!.what)}; CM's default when ` +
              `absent. ${UPDATED}`,
      })),
    ];
  });
}

export const SCHEDULE_INPUTS: readonly PropertySpec[] = [
  {
    name: "cloud",
    type: "string",
    api: `${P}.cloud_name`,
    replaces: true,
    required: true,
    enum: CLOUD_NAMES,
    description:
      `The cloud to synchronize (CM's \`cloud_name\`: ${CLOUDS.map((c) => `\`${c.cloudName}\``).join(", ")} in ` +
      "this order). CM cannot change it: changing it replaces the schedule.",
  },
  ...scopeInputs(),
  {
    name: "synchronizeAll",
    type: "boolean",
    api: `${P}.synchronize_all`,
    default: false,
    description:
      "Synchronize everything CCKM manages in the cloud instead of a list; exactly one of the cloud's list and " +
      `\`synchronizeAll: true\` must be given. ${UPDATED}`,
  },
  {
    name: "runAt",
    type: "string",
    api: "run_at",
    required: true,
    description:
      "When to run: a five-field cron expression (minute hour day-of-month month day-of-week), e.g. " +
      `\`"0 2 * * *"\` for 02:00 every night. Checked at \`pulumi preview\`. ${UPDATED}`,
  },
  {
    name: "runOn",
    type: "string",
    api: "run_on",
    default: "any",
    description: `The cluster node to run on. ${UPDATED}`,
  },
  {
    name: "startDate",
    type: "string",
    api: "start_date",
    description:
      "RFC 3339 date-time from which the schedule runs; leave it out for no start date (removing it clears CM's " +
      `start date). ${UPDATED}`,
  },
  {
    name: "endDate",
    type: "string",
    api: "end_date",
    description:
      "RFC 3339 date-time after which the schedule stops; leave it out for no end date (removing it clears CM's " +
      `end date). ${UPDATED}`,
  },
  {
    name: "disabled",
    type: "boolean",
    api: "disabled",
    default: false,
    description: `Keep the schedule but do not run it. ${UPDATED}`,
  },
  {
    name: "description",
    type: "string",
    api: "description",
    default: "",
    description: `A description kept with the schedule in CM. ${UPDATED}`,
  },
  {
    name: "scheduleName",
    type: "string",
    api: "name",
    replaces: true,
    description:
      "CM's name of the job config, unique in CM; default `<project>-<stack>-<resource name>`. CM cannot rename " +
      "a config: changing it replaces the schedule.",
  },
  {
    name: "runNowTriggers",
    type: "any[]",
    description:
      "Any values; when they change (and at create, when given and not empty), `pulumi up` runs the schedule now " +
      "(CM's `POST /v1/scheduler/job-configs/{id}/run-now`) and waits for the sync job it starts, with progress " +
      "lines, as a job resource does: a failing item fails the update. The job config is kept (an update, not a " +
      "replacement). Removing or emptying the list is a change too. The values are recorded once the run " +
      "completed, so a run that failed is run again at the next `up`. CM does not keep them.",
  },
];

export const SCHEDULE_OUTPUTS: readonly PropertySpec[] = [
  { name: "createdAt", type: "string", api: "createdAt", description: "When CM created the job config (RFC 3339)." },
  { name: "updatedAt", type: "string", api: "updatedAt", description: "When CM last changed it (RFC 3339)." },
  {
    name: "nextRunAt",
    type: "string",
    description:
      "The next time `runAt` gives (UTC), within `startDate`/`endDate`, as of the last create, update or refresh; " +
      '`""` when it will not run (`disabled`, or past `endDate`).',
  },
  {
    name: "lastRun",
    type: "object",
    description:
      "The newest run of the job config in CM's scheduler (`GET /v1/scheduler/jobs`, filtered to this config), " +
      "read at create, update and refresh; absent when the config never ran. Fields: `runId` (the scheduler " +
      "run's id), `jobId` (the CCKM sync job the run started; absent when it could not start), `runType` " +
      "(`scheduled` for the cron, `manual` for a run-now), `status` (`in_progress`, `completed`, `failed` or " +
      "`cancelled`), `startedAt` and `endedAt` (RFC 3339; `endedAt` once it ended), `failingItems` (scope item -> " +
      "CCKM's error text; empty when none) and `error` (why the sync could not start, when it could not). A " +
      "failed or cancelled last run is a warning on `pulumi refresh`, not an error.",
  },
];

export const INPUT_NAMES = SCHEDULE_INPUTS.map((p) => p.name);
export const REPLACE_ON_CHANGE = SCHEDULE_INPUTS.filter((p) => p.replaces).map((p) => p.name);

/** The default scheduleName (the registry entry's defaultName hook): unique per stack, stable from preview to up. */
export function defaultScheduleName(project: string, stack: string, resourceName: string): string {
  return `${project}-${stack}-${resourceName}`;
}

/** The inputs within props read from CM (what `pulumi import` needs: outputs less the computed ones). */
export function inputsOf(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(INPUT_NAMES.filter((n) => props[n] !== undefined).map((n) => [n, props[n]]));
}
