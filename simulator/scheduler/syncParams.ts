/**
 * `cckm_synchronization_params`: the cloud and its scope, checked with the sync family's own scope rules
 * (`resolveScope`), so a config that would start a failing job is refused when it is written.
 */
import type { SimContext } from "../context";
import { badRequest, invalidParam } from "../errors";
import { resolveScope } from "../families/sync";
import { CLOUDS, type CloudSpec, descriptorOf, onlyNull, refuseUnknown } from "./fields";

const P = "cckm_synchronization_params";

/** Stored params: `cloud_name` plus the scope fields as given (lists de-duplicated). */
export type SyncParams = Record<string, unknown> & { cloud_name: string };

export function cloudOf(name: string): CloudSpec {
  const cloud = CLOUDS[name];
  if (!cloud) {
    throw invalidParam(`${P}.cloud_name must be one of ${Object.keys(CLOUDS).join(", ")}, got ${JSON.stringify(name)}`);
  }
  return cloud;
}

/** The body of the family's job-creating POST for these params. */
export function jobBody(params: SyncParams): Record<string, unknown> {
  const cloud = cloudOf(params.cloud_name);
  const d = descriptorOf(cloud);
  const body: Record<string, unknown> = {};
  if (params.synchronize_all === true) body.synchronize_all = true;
  if (params[cloud.scope] !== undefined) body[d.scopeField] = params[cloud.scope];
  for (const k of Object.keys(cloud.extra)) if (params[k] !== undefined) body[k] = params[k];
  return body;
}

/**
 * Checks params for `cloudName` (on create from the body; on PATCH the stored cloud, which cannot change) and
 * returns them as stored.
 */
export function checkSyncParams(raw: unknown, sim: SimContext, storedCloud?: string): SyncParams {
  if (raw === undefined || raw === null) throw invalidParam(`${P} is required for operation cckm_synchronization`);
  if (typeof raw !== "object" || Array.isArray(raw)) throw badRequest(`${P} must be a JSON object`);
  const body = raw as Record<string, unknown>;
  let cloudName = body.cloud_name;
  if (storedCloud !== undefined) {
    if (cloudName !== undefined && cloudName !== null && cloudName !== "" && cloudName !== storedCloud) {
      throw invalidParam(`${P}.cloud_name cannot be changed (it is ${storedCloud}); create a new job config instead`);
    }
    cloudName = storedCloud;
  }
  if (typeof cloudName !== "string" || cloudName === "") throw invalidParam(`${P}.cloud_name is required`);
  const cloud = cloudOf(cloudName);
  const own = ["cloud_name", "synchronize_all", cloud.scope, ...Object.keys(cloud.extra)];
  // Another cloud's fields (`oci_vaults` in AWS params, `kms` in OCI params) are known, and accepted as `null`.
  const others = [...new Set(Object.values(CLOUDS).flatMap((c) => [c.scope, ...Object.keys(c.extra)]))].filter(
    (k) => !own.includes(k),
  );
  refuseUnknown(body, [...own, ...others], `${P}.`, own);
  onlyNull(body, others, `${P}.`, `cloud_name ${cloudName}`);
  const params: SyncParams = { cloud_name: cloudName };
  for (const [k, type] of Object.entries(cloud.extra)) {
    const v = body[k];
    if (v === undefined || v === null) continue;
    if (type === "boolean" && typeof v !== "boolean") throw invalidParam(`${P}.${k} must be a boolean`);
    params[k] = v;
  }
  const all = body.synchronize_all;
  if (all !== undefined && all !== null && typeof all !== "boolean") {
    throw invalidParam(`${P}.synchronize_all must be a boolean`);
  }
  params.synchronize_all = all === true;
  const list = body[cloud.scope];
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) throw invalidParam(`${P}.${cloud.scope} must be an array of strings`);
    if (list.length > 0) params[cloud.scope] = [...new Set(list)];
  }
  if (params.synchronize_all !== true && params[cloud.scope] === undefined) {
    throw invalidParam(`${P}: either ${cloud.scope} (a non-empty list) or synchronize_all: true is required`);
  }
  // the family's own rules: lists of non-empty strings, exclusive with synchronize_all, items CCKM manages
  try {
    resolveScope(descriptorOf(cloud), sim, jobBody(params));
  } catch (err) {
    const e = err as Error;
    const d = descriptorOf(cloud);
    e.message = `${P}.${e.message.replace(new RegExp(`\\b${d.scopeField}\\b`, "g"), cloud.scope)}`;
    throw err;
  }
  return params;
}
