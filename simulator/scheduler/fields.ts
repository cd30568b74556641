/**
 * The checks of a scheduler job config body (reference section 10), the CM way: 400 `NCERRInvalidParamValue` naming
 * the field. Written from the reference, not from the provider, so each side checks the other.
 */
import { Cron } from "croner";
import { invalidParam } from "../errors";
import { SYNC_FAMILY_DESCRIPTORS } from "../families";
import type { SyncFamilyDescriptor } from "../families/types";

/** The operations CM's scheduler knows; cckm-sim runs only `cckm_synchronization`. */
export const KNOWN_OPERATIONS = [
  "cckm_synchronization",
  "cckm_key_rotation",
  "cckm_key_backup",
  "cckm_xks_credential_rotation",
  "database_backup",
  "key_rotation",
];

/**
 * Each operation's parameter object. Thales' Terraform provider sends every one of them on every config, `null` but
 * for its own operation's (its Go models have no `omitempty`): a `null` there means "absent".
 */
export const OPERATION_PARAMS: Record<string, string> = {
  cckm_synchronization: "cckm_synchronization_params",
  cckm_key_rotation: "cckm_key_rotation_params",
  cckm_xks_credential_rotation: "cckm_xks_credential_rotation_params",
  database_backup: "database_backup_params",
};

/** `cloud_name` (TF examples' spellings; `sap` inferred) -> the sync family and its config param names. */
export interface CloudSpec {
  family: string;
  /** The scope list as the config names it (OCI: `oci_vaults`, the job body's `vaults`). */
  scope: string;
  /** Other params the cloud takes, with their type. */
  extra: Record<string, "list" | "boolean">;
}

export const CLOUDS: Record<string, CloudSpec> = {
  aws: { family: "aws", scope: "kms", extra: { regions: "list" } },
  gcp: { family: "google", scope: "key_rings", extra: {} },
  AzureCloud: { family: "azure", scope: "key_vaults", extra: { take_cloud_key_backup: "boolean" } },
  oci: { family: "oci", scope: "oci_vaults", extra: {} },
  sap: { family: "sapGroups", scope: "groups", extra: {} },
};

export function descriptorOf(cloud: CloudSpec): SyncFamilyDescriptor {
  const d = SYNC_FAMILY_DESCRIPTORS.find((x) => x.family === cloud.family);
  if (!d) throw new Error(`no sync family ${cloud.family}`);
  return d;
}

export function requireString(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw invalidParam(`${field} is required`);
    return undefined;
  }
  if (typeof v !== "string") throw invalidParam(`${field} must be a string`);
  if (required && v.trim() === "") throw invalidParam(`${field} must not be empty`);
  return v.trim();
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalidParam(`${field} must be a boolean`);
  return v;
}

/** A parsed five-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC. */
export function parseCron(field: string, value: string): Cron {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw invalidParam(
      `${field}: invalid cron expression ${JSON.stringify(value)}: expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`,
    );
  }
  try {
    return new Cron(fields.join(" "), { paused: true, timezone: "UTC" });
  } catch (err) {
    throw invalidParam(`${field}: invalid cron expression ${JSON.stringify(value)}: ${(err as Error).message}`);
  }
}

/** Go's zero `time.Time` (`0001-01-01T00:00:00Z`): what a Go client whose model has a non-pointer date sends for none. */
const GO_ZERO_TIME_MS = Date.parse("0001-01-01T00:00:00Z");

/**
 * An RFC 3339 date-time; stored in UTC (`2026-01-01T14:24:00Z`). `""` or `null` clears it, undefined leaves it.
 * Go's zero time means "no date": on create, none; in a PATCH, not given (left as it is), since with Thales' Terraform
 * provider 1.0.1, which always sends it, users could not clear a date.
 */
export function parseDate(body: Record<string, unknown>, field: string, patch = false): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
  if (typeof v !== "string" || !rfc3339.test(v) || Number.isNaN(Date.parse(v))) {
    throw invalidParam(`${field} must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(v)}`);
  }
  if (Date.parse(v) === GO_ZERO_TIME_MS) return patch ? undefined : null;
  return new Date(Date.parse(v)).toISOString().replace(".000Z", "Z");
}

/** Fails on a field the body may not carry; the message lists `listed` (default: every known field). */
export function refuseUnknown(body: Record<string, unknown>, known: string[], where: string, listed = known): void {
  for (const k of Object.keys(body)) {
    if (!known.includes(k)) throw invalidParam(`${where}${k} is not a known parameter (known: ${listed.join(", ")})`);
  }
}

/** Fields that belong to something else (another operation, another cloud): accepted only as `null` (absent). */
export function onlyNull(body: Record<string, unknown>, fields: string[], where: string, whose: string): void {
  for (const k of fields) {
    const v = body[k];
    if (v !== undefined && v !== null)
      throw invalidParam(`${where}${k} is not a parameter of ${whose}; send null or leave it out`);
  }
}
