// The `cckm` provider plugin: the eight job kinds and SyncSchedule as `cckm:index:<Kind>`, served from the same
// engine as the dynamic resources. A resource's state holds its checked inputs and the job's (or the schedule's)
// outputs, nothing else: no provider code, no credential (the connection settings come from `Configure` or the
// plugin's environment).
import type { Provider } from "@pulumi/pulumi/provider";
import { NativeEngine, Props } from "./engine";
import { EngineLogger } from "./engineLog";
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

/** What serve() adds to a diff answer: update or replace per property (the SDK's DiffResult has no such field). */
export type DetailedDiff = (urn: string, olds: Props, news: Props) => Record<string, "update" | "replace"> | undefined;

/** The detailed diff of a resource (SyncSchedule's per-property modes), for serve(). */
export function detailedDiffOf(engine: NativeEngine): DetailedDiff {
  return (urn, olds, news) => engine.detailedDiff(kindOfToken(urn), olds, news);
}

export function cckmProvider(version: string, engine: NativeEngine, log: EngineLogger): Provider {
  const schema = JSON.stringify(buildSchema(version));
  const lines = (urn: string) => (line: string) => log(urn, line);
  return {
    version,
    schema,
    async check(urn, _olds: Props, news: Props) {
      return engine.check(kindOfToken(urn), nameOf(urn), news, ...projectStackOf(urn));
    },
    async diff(_id, urn, olds: Props, news: Props) {
      const { reasons, ...res } = engine.diff(kindOfToken(urn), olds, news);
      // why a replacement no input explains (a stale job): a line kept under the resource's row in the plan
      for (const reason of reasons ?? []) log(urn, reason, true);
      return res;
    },
    async create(urn, inputs: Props) {
      return engine.create(kindOfToken(urn), nameOf(urn), inputs, lines(urn));
    },
    async read(id, urn, props: Props) {
      return engine.read(kindOfToken(urn), nameOf(urn), id, props ?? {});
    },
    async update(id, urn, olds: Props, news: Props) {
      return engine.update(kindOfToken(urn), nameOf(urn), id, olds, news, lines(urn));
    },
    async delete(id, urn, props: Props) {
      return engine.delete(kindOfToken(urn), nameOf(urn), id, props, lines(urn));
    },
  };
}
