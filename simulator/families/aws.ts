/** AWS key sync (Thales docs): `kms` by id or name, optional `regions`; `detailed_status` keyed `<account>/<region>`. */
import { invalidParam } from "../errors";
import type { SyncFamilyDescriptor } from "./types";
import { byIdOrName } from "./types";

export const aws: SyncFamilyDescriptor = {
  family: "aws",
  path: "/v1/cckm/aws/synchronization-jobs",
  scopeField: "kms",
  inventory: "awsKms",
  cloud: "aws",
  successText: "region synchronized successfully",
  inProgressStatus: "in_progress",
  failedStatus: "error",
  detailedStatus: "always",
  extraFields: ["regions"],
  matches: byIdOrName,
  scopeItem: (item, extra) => {
    const regions = (extra.regions as string[] | undefined) ?? (item.regions as string[] | undefined) ?? [];
    const account = String(item.account_id ?? item.id);
    return {
      stored: item.id,
      detailKeys: regions.map((r) => `${account}/${r}`),
      aliases: [item.id, item.name, account],
    };
  },
  extra: (body) => {
    const v = body.regions;
    if (v === undefined || v === null) return {};
    if (!Array.isArray(v) || v.length === 0 || !v.every((r) => typeof r === "string" && r.trim() !== "")) {
      throw invalidParam("regions must be a non-empty array of region names");
    }
    return { regions: [...new Set(v as string[])] };
  },
};
