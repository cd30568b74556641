/** GET list/get endpoints of what the jobs refer to (section 8). */
import type { Reply, RequestContext, Route } from "./context";
import { notFound } from "./errors";
import { advanceSapKeyJobs } from "./families/sapKeys";
import { JOB_ACCOUNT } from "./families/sync";
import { filterBy, paginate } from "./listing";
import type { InventoryItem, InventoryKind } from "./models";
import { rfc3339 } from "./util";

/** The moment seeded objects claim to have been added to CCKM. */
const SEEDED_AT = Date.parse("2024-01-15T10:00:00.000Z");

interface Collection {
  kind: InventoryKind;
  path: string;
  uri: string;
  what: string;
  extra?: Record<string, unknown>;
  /** Fields a real CM answers that a seed item may leave out (the seed's own values win). */
  defaults?: (item: InventoryItem) => Record<string, unknown>;
}

/**
 * AWS KMS as Thales' Terraform provider reads them (`arn`, `status`, `application`, `devAccount`, `auto_added`): the
 * account's ARN, `active` (or `archived`), and the application fields every CCKM object carries.
 */
function awsKmsDefaults(item: InventoryItem): Record<string, unknown> {
  return {
    application: JOB_ACCOUNT.application,
    devAccount: JOB_ACCOUNT.devAccount,
    ...(item.account_id !== undefined ? { arn: `arn:aws:iam::${String(item.account_id)}:root` } : {}),
    status: "active",
    auto_added: false,
  };
}

/**
 * OCI vaults as Thales' Terraform provider reads them: OCI's own `display_name` (our `name`, kept for our clients),
 * `lifecycle_state`, `vault_type`, `is_primary`, and CM's `cloud_name`; `tenancy` and `compartment_name` come from
 * the seed.
 */
function ociVaultDefaults(item: InventoryItem): Record<string, unknown> {
  return {
    display_name: item.name,
    lifecycle_state: "ACTIVE",
    vault_type: "DEFAULT",
    is_primary: true,
    cloud_name: "oci",
  };
}

export const COLLECTIONS: readonly Collection[] = [
  { kind: "dsmDomains", path: "/v1/cckm/dsm/domains", uri: "domain", what: "DSM domain" },
  {
    kind: "externalCmDomains",
    path: "/v1/cckm/external-cm/domains",
    uri: "external-cm-domain",
    what: "external CM domain",
  },
  { kind: "googleKeyRings", path: "/v1/cckm/google/key-rings", uri: "google-keyring", what: "key ring" },
  { kind: "azureVaults", path: "/v1/cckm/azure/vaults", uri: "azure-vault", what: "vault" },
  { kind: "awsKms", path: "/v1/cckm/aws/kms", uri: "aws-kms", what: "KMS", defaults: awsKmsDefaults },
  { kind: "ociVaults", path: "/v1/cckm/oci/vaults", uri: "oci-vault", what: "vault", defaults: ociVaultDefaults },
  { kind: "sapGroups", path: "/v1/cckm/sap/groups", uri: "sap-group", what: "SAP group" },
  { kind: "sapKeys", path: "/v1/cckm/sap/keys", uri: "sap-key", what: "SAP key", extra: { cloud_name: "sap" } },
  { kind: "lunaPartitions", path: "/v1/cckm/hsm/luna/partitions", uri: "luna-partition", what: "Luna HSM partition" },
  {
    kind: "sfdcOrganizations",
    path: "/v1/cckm/sfdc/organizations",
    uri: "sfdc-organization",
    what: "Salesforce organization",
  },
];

export function inventoryView(c: Collection, item: InventoryItem): Record<string, unknown> {
  const own = Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith("_")));
  const updated = typeof item._updatedMs === "number" ? item._updatedMs : SEEDED_AT;
  return {
    id: item.id,
    uri: `kylo:kylo:cckm:${c.uri}:${item.id}`,
    account: "kylo:kylo:admin:accounts:kylo",
    createdAt: rfc3339(SEEDED_AT),
    updatedAt: rfc3339(updated),
    ...c.defaults?.(item),
    ...own,
    ...c.extra,
  };
}

const NOT_FILTERS = new Set(["skip", "limit", "sort"]);

export function inventoryRoutes(): Route[] {
  return COLLECTIONS.flatMap((c): Route[] => {
    const base = `/api${c.path}`;
    const list = (ctx: RequestContext): Reply => {
      if (c.kind === "sapKeys") advanceSapKeyJobs(ctx.sim, ctx.now);
      // Filters apply to the answered fields (`display_name` as well as `name`).
      let views = ctx.sim.store.inventory.list(c.kind).map((it) => inventoryView(c, it));
      for (const param of new Set(ctx.query.keys())) {
        if (NOT_FILTERS.has(param)) continue;
        if (!views.some((v) => param in v)) continue; // CCKM ignores filters it does not know
        views = filterBy(views, ctx.query, param, (v) => {
          const value = v[param];
          return Array.isArray(value) ? value : [value];
        });
      }
      return {
        status: 200,
        body: paginate(views, ctx.query, {
          sortable: ["id", "name", "createdAt", "updatedAt"],
          pageLimit: ctx.sim.knobs().pageLimit,
          maxLimit: ctx.sim.knobs().maxLimit,
        }),
      };
    };
    const get = (ctx: RequestContext): Reply => {
      if (c.kind === "sapKeys") advanceSapKeyJobs(ctx.sim, ctx.now);
      const id = ctx.params.id ?? "";
      const item = ctx.sim.store.inventory.get(c.kind, id);
      if (!item) throw notFound(`${c.what} ${id} not found`);
      return { status: 200, body: inventoryView(c, item) };
    };
    return [
      { method: "GET", path: base, handler: list },
      { method: "GET", path: `${base}/:id`, handler: get },
    ];
  });
}
