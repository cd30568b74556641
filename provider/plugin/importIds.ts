// What `pulumi import` takes for each resource of the `cckm` plugin, as text for the docs: the schema appends it to
// each resource's description as the `## Import` section that Pulumi's registry renders (and the SDKs' doc comments
// carry). The plugin's `Read` with no inputs is what makes it work (provider/plugin/engine.ts).
interface ImportId {
  /** What the ID is and where a user finds it. */
  readonly id: string;
  /** A resource name and an ID for the example command. */
  readonly example: { readonly name: string; readonly id: string };
}

const JOB_ID =
  "the CCKM job id (the `id` of the job object CCKM returned when the job was started, as listed by the job " +
  "family's `GET` endpoint). The job's scope is read back from CCKM and becomes the resource's inputs; a job CCKM " +
  "no longer knows cannot be imported";

/** Per kind; a kind missing here fails the schema build (importSection). */
export const IMPORT_IDS: Readonly<Record<string, ImportId>> = {
  DsmDomainRefresh: { id: JOB_ID, example: { name: "dsm", id: "2d1f7a9e-5b8c-4e0f-9a61-3c7d2e8b4f10" } },
  ExternalCmDomainRefresh: { id: JOB_ID, example: { name: "cms", id: "7c2e9b14-0a3d-4f6e-8b25-9d1c4e7a3f62" } },
  GoogleKeySync: { id: JOB_ID, example: { name: "rings", id: "a4b8c2d6-e0f1-4a3b-9c5d-7e8f9a0b1c2d" } },
  AzureKeySync: { id: JOB_ID, example: { name: "vaults", id: "f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9" } },
  AwsKeySync: { id: JOB_ID, example: { name: "kms", id: "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d" } },
  OciKeySync: { id: JOB_ID, example: { name: "vaults", id: "5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b" } },
  SapGroupSync: { id: JOB_ID, example: { name: "groups", id: "9f8e7d6c-5b4a-4392-8817-0f6e5d4c3b2a" } },
  SapKeyJob: {
    id: `${JOB_ID}. The key's id is read from the job's \`cckm_key_id\``,
    example: { name: "restore", id: "3c2b1a0f-9e8d-47c6-b5a4-93827160f5e4" },
  },
  SyncSchedule: {
    id:
      "CipherTrust Manager's scheduler job config id (the `id` of the config under `/v1/scheduler/job-configs`, " +
      "shown in CM's console under the schedule). Its settings as CM stores them become the resource's inputs",
    example: { name: "nightly", id: "6a2f0c4e-8d1b-4f3a-9e7c-2b5d8a1f0e94" },
  },
};

/** The `## Import` section of a resource's description. */
export function importSection(kind: string): string {
  const entry = IMPORT_IDS[kind];
  if (!entry) throw new Error(`provider/plugin: no import ID text for kind ${kind} (importIds.ts)`);
  return (
    `\n\n## Import\n\nThe import ID is ${entry.id}. Imported resources are protected by default; add ` +
    "`--protect=false` to allow `pulumi destroy` to remove them.\n\n```sh\n" +
    `$ pulumi import cckm:index:${kind} ${entry.example.name} ${entry.example.id}\n\`\`\``
  );
}
