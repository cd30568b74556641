// The `cckm` provider plugin: the eight job kinds and SyncSchedule as `cckm:index:<Kind>`, served from the same
// engine as the dynamic resources. A resource's state holds its checked inputs and the job's (or the schedule's)
// outputs, nothing else: no provider code, no credential (the connection settings come from `Configure` or the
// plugin's environment). Plain props in and out: server.ts speaks the protocol (structs, secrets, errors).
import { NativeEngine, Props } from "./engine";
import type { CheckFailure } from "./engine";
import { EngineLogger } from "./engineLog";
import { detailedDiff, DetailedDiff } from "./detailedDiff";
import { ResourceSpec, resourceSpecs } from "./kindSpecs";
import { buildSchema, kindOfToken } from "./schema";

/** The resource name in a URN (`urn:pulumi:stack::project::type::name`). */
function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::") || urn;
}

/** The project and stack of a URN. */
function projectStackOf(urn: string): [string, string] {
  const [head = "", project = ""] = urn.split("::");
  return [project, head.replace(/^urn:pulumi:/, "")];
}

export interface DiffAnswer {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailed: DetailedDiff;
}

/** What the server serves: one method per resource call, on plain (secret-free) props. */
export interface CckmProvider {
  version: string;
  /** The package schema as JSON text. */
  schema: string;
  /** The `cckm:*` variables of Configure (secrets decrypted; kept in this process only). */
  configure(config: Record<string, string>): void;
  check(urn: string, olds: Props, news: Props): { inputs: Props; failures: CheckFailure[] };
  diff(id: string, urn: string, olds: Props, news: Props): DiffAnswer;
  create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, urn: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(id: string, urn: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, urn: string, props: Props): Promise<void>;
}

export function cckmProvider(version: string, engine: NativeEngine, log: EngineLogger): CckmProvider {
  const schema = JSON.stringify(buildSchema(version));
  const specs = new Map<string, ResourceSpec>(resourceSpecs().map((s) => [s.name, s]));
  const lines = (urn: string) => (line: string, severity?: string) =>
    severity === "warning" ? log(urn, line, true, true) : log(urn, line);
  return {
    version,
    schema,
    configure: (config) => engine.configure(config),
    check(urn, _olds, news) {
      return engine.check(kindOfToken(urn), nameOf(urn), news, ...projectStackOf(urn));
    },
    diff(_id, urn, olds, news) {
      const kind = kindOfToken(urn);
      const { reasons, ...res } = engine.diff(kind, olds, news);
      const spec = specs.get(kind);
      if (!spec) throw new Error(`pulumi-cckm: unknown resource type "${kind}"`);
      // why a replacement no input explains (a stale job): a line kept under the resource's row in the plan
      for (const reason of reasons ?? []) log(urn, reason, true);
      const detailed = detailedDiff(spec, olds, news, res, engine.detailedDiff(kind, olds, news));
      return { ...res, detailed };
    },
    create(urn, inputs) {
      return engine.create(kindOfToken(urn), nameOf(urn), inputs, lines(urn));
    },
    read(id, urn, props) {
      return engine.read(kindOfToken(urn), nameOf(urn), id, props, lines(urn));
    },
    update(id, urn, olds, news) {
      return engine.update(kindOfToken(urn), nameOf(urn), id, olds, news, lines(urn));
    },
    delete(id, urn, props) {
      return engine.delete(kindOfToken(urn), nameOf(urn), id, props, lines(urn));
    },
  };
}
