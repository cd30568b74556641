// The Pulumi package schema of the `cckm` provider plugin, generated from the kinds' property data: the SDKs of
// every language (sdk/) are generated from this, so names, types, descriptions and defaults are written once.
import { SETTING_SOURCES, SettingName } from "../client/settings";
import { JAVA_BASE_PACKAGE, PLUGIN_DOWNLOAD_URL } from "./distribution";
import { PropertySpec, PropertyType, ResourceSpec, resourceSpecs } from "./kindSpecs";

export const PACKAGE = "cckm";
/** Where the generated Go SDK lives, as a Go import path (sdk/go/cckm in this repository). */
export const GO_IMPORT_BASE = "github.com/pulumi-cckm/pulumi-cckm/sdk/go/cckm";

/** The type token of a kind, e.g. `cckm:index:AwsKeySync`. */
export function typeToken(kind: string): string {
  return `${PACKAGE}:index:${kind}`;
}

/** The kind of a type token or URN (`urn:pulumi:stack::project::cckm:index:AwsKeySync::name`). */
export function kindOfToken(tokenOrUrn: string): string {
  const token = tokenOrUrn.startsWith("urn:") ? (tokenOrUrn.split("::")[2] ?? "") : tokenOrUrn;
  const type = token.split("$").pop() ?? "";
  const [pkg, mod, kind] = type.split(":");
  if (pkg !== PACKAGE || mod !== "index" || !kind) throw new Error(`pulumi-cckm: unknown resource type "${type}"`);
  return kind;
}

type Json = Record<string, unknown>;

function typeOf(t: PropertyType): Json {
  switch (t) {
    case "string[]":
      return { type: "array", items: { type: "string" } };
    case "map<string>":
      return { type: "object", additionalProperties: { type: "string" } };
    case "any[]":
      return { type: "array", items: { $ref: "pulumi.json#/Any" } };
    case "object":
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    default:
      return { type: t };
  }
}

function property(p: PropertySpec, asInput: boolean): Json {
  const out: Json = { ...typeOf(p.type), description: p.description };
  if (p.enum) out.description = `${p.description} One of: ${p.enum.map((e) => `\`${e}\``).join(", ")}.`;
  // Array defaults are not expressible in a schema; `check` fills them in anyway. Replacement rules are not
  // declared (`replaceOnChanges`): the provider's diff decides, as for the dynamic resources.
  if (asInput && p.default !== undefined && !Array.isArray(p.default)) out.default = p.default;
  return out;
}

function resource(spec: ResourceSpec): Json {
  const required = spec.inputs.filter((p) => p.required).map((p) => p.name);
  return {
    description: spec.description,
    inputProperties: Object.fromEntries(spec.inputs.map((p) => [p.name, property(p, true)])),
    // omitted when empty, as the engine prints a schema back (`pulumi package get-schema`)
    ...(required.length ? { requiredInputs: required } : {}),
    properties: Object.fromEntries(spec.outputs.map((p) => [p.name, property(p, false)])),
    required: spec.outputs.map((p) => p.name).filter((n) => spec.requiredOutputs.includes(n)),
  };
}

const SETTING_TEXT: Record<SettingName, { description: string; type?: string; secret?: boolean }> = {
  address: {
    description:
      "CipherTrust Manager address, e.g. `https://cm.example.com`, or the node URLs of one cluster separated by commas.",
  },
  username: { description: "User name for the password grant." },
  password: { description: "Password for the password grant.", secret: true },
  domain: { description: "CipherTrust Manager domain to log in to." },
  authDomain: { description: "Domain of the user, when it differs from `domain`." },
  refreshToken: { description: "A refresh token, used instead of the password when given.", secret: true },
  caCert: { description: "CA bundle to trust: PEM text or the path of a PEM file." },
  insecureSkipVerify: { description: "Skip TLS verification (tests only).", type: "boolean" },
  replicationLagSeconds: {
    description:
      "Bound on a CM cluster's replication lag, in seconds (default 5): how long a 404 for something just written, " +
      "or a look-up after a lost answer, is read again before it counts.",
    type: "number",
  },
};

/** The provider's configuration (`cckm:address`, ...). Environment fallbacks are read in the plugin process only,
 * never by an SDK, so that credentials from the environment are not recorded in the provider's state. */
function configVariables(): Json {
  return Object.fromEntries([
    ...(Object.keys(SETTING_SOURCES) as SettingName[]).map((name): [string, Json] => {
      const t = SETTING_TEXT[name];
      const env = SETTING_SOURCES[name].env.map((e) => `\`${e}\``).join(", then ");
      const v: Json = { type: t.type ?? "string", description: `${t.description} Falls back to ${env}.` };
      if (t.secret) v.secret = true;
      return [name, v];
    }),
    // not a connection setting: read by the job layer (provider/jobs/coalesce/settings.ts)
    COALESCE_VARIABLE,
  ]);
}

const COALESCE_VARIABLE: [string, Json] = [
  "coalesce",
  {
    type: "boolean",
    description:
      "Whether resources of one sync family created together share one CCKM job (default true: a CM that runs " +
      "one synchronization at a time finishes sooner); false starts one job per resource. " +
      "Falls back to `CIPHERTRUST_COALESCE`.",
  },
];

export function buildSchema(version: string): Json {
  const config = configVariables();
  return {
    name: PACKAGE,
    displayName: "CipherTrust CCKM",
    version,
    description:
      "Runs Thales CipherTrust Manager CCKM jobs (cloud key synchronization, refreshes, SAP key jobs) and keeps " +
      "CM's synchronization schedules.",
    keywords: ["pulumi", "ciphertrust", "cckm", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-cckm",
    repository: "https://github.com/pulumi-cckm/pulumi-cckm",
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    config: { variables: config },
    provider: {
      description:
        "The CipherTrust CCKM provider: resources that run CCKM jobs (cloud key synchronizations, refreshes, SAP key " +
        "jobs) and `SyncSchedule`, a synchronization schedule kept in CM's scheduler (not a job).",
      inputProperties: config,
    },
    resources: Object.fromEntries(resourceSpecs().map((s) => [typeToken(s.name), resource(s)])),
    language: {
      python: { packageName: "pulumi_cckm", pyproject: { enabled: true }, respectSchemaVersion: true },
      go: { importBasePath: GO_IMPORT_BASE, generateResourceContainerTypes: false, respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-cckm/native", respectSchemaVersion: true },
      java: { basePackage: JAVA_BASE_PACKAGE },
      csharp: { rootNamespace: "PulumiCckm", packageReferences: { Pulumi: "3.*" }, respectSchemaVersion: true },
    },
  };
}
