/**
 * The scheduler's job config fields (reference section 10) as zod schemas: what POST and PATCH take, the checks and
 * their CM-shaped 400s, and the sync job a config starts.
 */
import { Cron } from "croner";
import { z } from "zod";
import { ApiError, invalidParam } from "./errors";
import { SYNC_FAMILY_DESCRIPTORS } from "./families";
import type { SyncFamilyDescriptor } from "./families/types";
import { issueText } from "./schema";

/** `cloud_name` spellings (Thales' Terraform examples: aws, gcp, AzureCloud, oci; the others as the jobs' `cloud`). */
const CLOUD_FAMILIES: Record<string, string> = {
  aws: "aws",
  gcp: "google",
  GoogleCloud: "google",
  AzureCloud: "azure",
  oci: "oci",
  sap: "sapGroups",
  dsm: "dsm",
  externalCM: "externalCm",
};

const texts = z.array(z.string({ error: "expected a string" }), { error: "expected a list of strings" });
const date = z
  .string({ error: "expected an RFC 3339 date" })
  .refine((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s) && !isNaN(Date.parse(s)), {
    error: (iss) => `expected an RFC 3339 date, got ${JSON.stringify(iss.input)}`,
  });
const cron = z.string({ error: "expected a cron expression" }).superRefine((s, ctx) => {
  try {
    new Cron(s, { paused: true, mode: "5-part", timezone: "UTC" }).stop();
  } catch (err) {
    ctx.addIssue({
      code: "custom",
      message: `invalid cron expression ${JSON.stringify(s)} (${(err as Error).message})`,
    });
  }
});
const params = z.strictObject(
  {
    cloud_name: z.enum(Object.keys(CLOUD_FAMILIES) as [string, ...string[]], {
      error: `expected one of ${Object.keys(CLOUD_FAMILIES).join(", ")}`,
    }),
    synchronize_all: z.boolean({ error: "expected true or false" }).optional(),
    kms: texts.optional(),
    regions: texts.optional(),
    key_rings: texts.optional(),
    key_vaults: texts.optional(),
    take_cloud_key_backup: z.boolean({ error: "expected true or false" }).optional(),
    vaults: texts.optional(),
    groups: texts.optional(),
    domains: texts.optional(),
  },
  { error: "expected an object" },
);

const fields = {
  name: z.string({ error: "expected a string" }).min(1, { error: "must not be empty" }),
  operation: z.literal("cckm_synchronization", {
    error: "only cckm_synchronization is served by cckm-sim (other operations exist on CM)",
  }),
  run_at: cron,
  run_on: z.string({ error: "expected a string" }),
  start_date: date.nullable(),
  end_date: date.nullable(),
  disabled: z.boolean({ error: "expected true or false" }),
  description: z.string({ error: "expected a string" }).nullable(),
  cckm_synchronization_params: params,
};
export const createBody = z.strictObject(
  {
    ...fields,
    run_on: fields.run_on.optional(),
    start_date: fields.start_date.optional(),
    end_date: fields.end_date.optional(),
    disabled: fields.disabled.optional(),
    description: fields.description.optional(),
  },
  { error: "request body must be a JSON object" },
);
export const patchBody = z.strictObject(
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
  },
  { error: "request body must be a JSON object" },
);

export type JobConfigFields = z.infer<typeof createBody>;

/** Parses a POST or PATCH body, or throws the 400 CM would answer, naming the field. */
export function checked<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined) throw new ApiError(400, "request body is required", "NCERRBadRequest");
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const where = [...issue.path.map(String), issue.keys[0]].join(".");
    throw invalidParam(`unknown parameter: ${where}`);
  }
  throw invalidParam(issueText("", r.error));
}

/** The sync family a config runs, from its `cloud_name`. */
export function familyOf(f: JobConfigFields): SyncFamilyDescriptor {
  const family = CLOUD_FAMILIES[f.cckm_synchronization_params.cloud_name];
  return SYNC_FAMILY_DESCRIPTORS.find((d) => d.family === family) as SyncFamilyDescriptor;
}

/** The sync job body a config starts: its params without `cloud_name`. */
export function jobBody(f: JobConfigFields): Record<string, unknown> {
  const { cloud_name: _cloud, ...rest } = f.cckm_synchronization_params;
  void _cloud;
  return rest;
}
