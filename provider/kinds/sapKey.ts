// SAP key jobs (delete / restore one key): a different job object (`state`, no cancel endpoint).
import { Query } from "../client/transport";
import { checkBoolean, CheckFailure, checkEnum, checkString } from "../jobs/inputs";
import { JobSnapshot, Props, RawJob, statusOutput } from "../jobs/models";
import { normalizeStatus, sapPhase } from "../jobs/status";
import { JobKind, str } from "./types";

export const SAP_OPERATIONS = ["delete", "restore"];

export const sapKeyJob: JobKind = {
  name: "SapKeyJob",
  inputNames: ["keyId", "operation", "deleteIfBackupFails"],
  replaceOnChange: ["keyId", "operation"],
  jobOutputNames: ["jobId", "status", "state", "cckmKeyId", "sapKeyId", "groupId"],
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
    return {
      id: inputs.keyId,
      operation: inputs.operation,
      delete_if_backup_fails: inputs.deleteIfBackupFails === true,
    };
  },

  findQuery(inputs: Props): Query {
    return { skip: 0, limit: 100, cckm_key_id: String(inputs.keyId), operation: String(inputs.operation) };
  },

  sameScope(inputs: Props, job: RawJob): boolean {
    return (
      str(job, "cckm_key_id").toLowerCase() === String(inputs.keyId).toLowerCase() &&
      normalizeStatus(job.operation) === inputs.operation
    );
  },

  snapshot(job: RawJob): JobSnapshot {
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
  },

  outputs(job: RawJob): Props {
    return {
      jobId: str(job, "id"),
      status: statusOutput(this.snapshot(job).phase),
      state: str(job, "state"),
      cckmKeyId: str(job, "cckm_key_id"),
      sapKeyId: str(job, "key_id"),
      groupId: str(job, "group_id"),
    };
  },
};
