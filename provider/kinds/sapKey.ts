// SAP key jobs (delete / restore one key): a different job object (`state`, no cancel endpoint).
import { isApiError } from "../client/errors";
import { Deadline } from "../core/deadline";
import { checkBoolean, CheckFailure, checkEnum, checkString } from "../core/inputs";
import { ApiReader, JobKind, str } from "../core/kind";
import { JobSnapshot, Props, RawJob, statusOutput } from "../core/models";
import { normalizeStatus, sapPhase } from "../core/status";
import { listJobs } from "./list";

export const SAP_OPERATIONS = ["delete", "restore"] as const;

/** The checked inputs of an SAP key job, typed. */
function sapInputs(inputs: Props) {
  return {
    keyId: typeof inputs.keyId === "string" ? inputs.keyId : "",
    operation: typeof inputs.operation === "string" ? inputs.operation : "",
    deleteIfBackupFails: inputs.deleteIfBackupFails === true,
  };
}

/** Whether a job object is this key's job of this operation. */
function sameKeyJob(i: ReturnType<typeof sapInputs>, job: RawJob): boolean {
  return (
    str(job, "cckm_key_id").toLowerCase() === i.keyId.toLowerCase() && normalizeStatus(job.operation) === i.operation
  );
}

function snapshot(job: RawJob): JobSnapshot {
  const { phase, known } = sapPhase(job.state);
  const statusText = str(job, "state");
  const message = str(job, "message") || str(job, "error") || undefined;
  return {
    id: str(job, "id"),
    phase,
    statusText,
    note: known ? undefined : `SAP state "${statusText}" not known, treated as running until the deadline`,
    failures:
      phase === "failed"
        ? [
            {
              item: `key ${str(job, "cckm_key_id")} (${str(job, "operation")})`,
              message: message ?? "the SAP job failed",
            },
          ]
        : [],
    message,
  };
}

export const sapKeyJob: JobKind = {
  name: "SapKeyJob",
  description:
    "Runs an SAP key job (`POST /v1/cckm/sap/keys/jobs`): deletes an SAP key (keeping its backup in CCKM) or " +
    "restores it. CCKM has no cancel for these jobs: `pulumi destroy` of a job that still runs waits for it to end.",
  inputs: [
    {
      name: "keyId",
      type: "string",
      api: "cckm_key_id",
      description:
        "CCKM resource id of the SAP key (a UUID from `GET /v1/cckm/sap/keys`). Changing this starts a new job.",
      required: true,
      replaces: true,
    },
    {
      name: "operation",
      type: "string",
      api: "operation",
      enum: SAP_OPERATIONS,
      description:
        '`"delete"` removes the key from SAP and keeps a backup in CCKM; `"restore"` puts it back into its SAP group ' +
        "from that backup. Changing this starts a new job.",
      required: true,
      replaces: true,
    },
    {
      name: "deleteIfBackupFails",
      type: "boolean",
      api: "delete_if_backup_fails",
      description: "For `delete`: delete the key even when its backup fails. Changing only this starts nothing.",
      default: false,
    },
  ],
  outputs: [
    {
      name: "state",
      type: "string",
      api: "state",
      description: "The SAP job state as CCKM reports it (`PENDING`, `IN_PROGRESS`, `COMPLETED`, `FAILED`, ...).",
    },
    {
      name: "cckmKeyId",
      type: "string",
      api: "cckm_key_id",
      description: "CCKM resource id of the key (`cckm_key_id`).",
    },
    { name: "sapKeyId", type: "string", api: "key_id", description: "The SAP-side key id (`key_id`)." },
    { name: "groupId", type: "string", api: "group_id", description: "The SAP group of the key (`group_id`)." },
  ],
  jobsPath: "/v1/cckm/sap/keys/jobs",
  cancellable: false,

  normalize(news: Props, failures: CheckFailure[]): Props {
    return {
      keyId: checkString("keyId", news.keyId, failures),
      operation: checkEnum("operation", news.operation, SAP_OPERATIONS, failures),
      deleteIfBackupFails: checkBoolean("deleteIfBackupFails", news.deleteIfBackupFails, failures),
    };
  },

  startBody(inputs: Props): Record<string, unknown> {
    const i = sapInputs(inputs);
    return { id: i.keyId, operation: i.operation, delete_if_backup_fails: i.deleteIfBackupFails };
  },

  async findAdoptable(reader: ApiReader, inputs: Props, deadline: Deadline): Promise<RawJob[]> {
    const i = sapInputs(inputs);
    let jobs: RawJob[];
    try {
      jobs = await listJobs(reader, this.jobsPath, { cckm_key_id: i.keyId, operation: i.operation }, deadline, false);
    } catch (err) {
      // CM's swagger has no GET of the SAP key job collection (cckm-api.md section 11): without it, a running job
      // is found through CM's refusal of a second job on the same key, which names it (jobs/start.ts)
      if (isApiError(err, 404) || isApiError(err, 405)) return [];
      throw err;
    }
    return jobs.filter((job) => sameKeyJob(i, job));
  },

  sameScope: (inputs: Props, job: RawJob) => sameKeyJob(sapInputs(inputs), job),

  // Without a SAP key job list, a job that ended unseen (an interrupted `up`, a lost answer) cannot be found again;
  // the key's state at least says that the operation happened.
  async explainRefusal(reader: ApiReader, inputs: Props, deadline: Deadline): Promise<string | undefined> {
    const i = sapInputs(inputs);
    const key = await reader.get<RawJob>(`/v1/cckm/sap/keys/${encodeURIComponent(i.keyId)}`, undefined, deadline);
    const gone = key?.gone === true;
    if (i.operation === "delete" && gone) {
      return (
        `The key is already deleted from SAP (GET /v1/cckm/sap/keys/${i.keyId}: gone true), probably by a delete job ` +
        "that ended while no `pulumi up` watched it (an interrupted run or a lost answer); CCKM has no SAP key job " +
        "list to find that job by. Nothing is left to do on CCKM: take this resource out of the program"
      );
    }
    if (i.operation === "restore" && key?.gone === false) {
      return (
        `The key is not deleted from SAP (GET /v1/cckm/sap/keys/${i.keyId}: gone false), probably restored by a job ` +
        "that ended while no `pulumi up` watched it; CCKM has no SAP key job list to find that job by. Nothing is " +
        "left to do on CCKM: take this resource out of the program"
      );
    }
    return undefined;
  },

  snapshot,

  outputValues(job: RawJob): Props {
    return {
      jobId: str(job, "id"),
      status: statusOutput(snapshot(job).phase),
      state: str(job, "state"),
      cckmKeyId: str(job, "cckm_key_id"),
      sapKeyId: str(job, "key_id"),
      groupId: str(job, "group_id"),
    };
  },
};
