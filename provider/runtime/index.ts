// The code that runs in the provider process of the dynamic resources: a thin adapter from the dynamic
// provider's calls to the engine (../engine). The provider serialized into state holds only a kind string and
// methods that `require("pulumi-cckm/runtime")` and delegate here, so `delete` and `refresh` run the installed
// version and no credential reaches state. The stack config of `configure` is kept for every resource of the
// process (one client and token per connection, in the client module).
//
// `pulumi-cckm/runtime` (dist/provider/runtime/index.js) is a contract with every deployed stack: keep the path
// and these function names.
import { SETTING_SOURCES, StackConfig } from "../client/settings";
import * as engine from "../engine";
import { consoleLogger } from "../jobs/progress";

let stackConfig: StackConfig = {};

/** Stack config keys read from `configure` (never stored: config values reach only this process). */
const CONFIG_KEYS = Object.values(SETTING_SOURCES).map((s) => s.config);

function context(): engine.Context {
  return { config: stackConfig, log: consoleLogger };
}

export async function configure(
  _kind: string,
  req: { config: { get(key: string): string | undefined } },
): Promise<void> {
  const next: StackConfig = {};
  for (const key of CONFIG_KEYS) {
    const v = req.config.get(key);
    if (v !== undefined) next[key] = v;
  }
  stackConfig = next;
}

export async function check(kind: string, _olds: engine.Props, news: engine.Props) {
  return engine.check(kind, context(), news);
}

export async function diff(kind: string, _id: string, olds: engine.Props, news: engine.Props) {
  return engine.diff(kind, olds, news);
}

export async function create(kind: string, inputs: engine.Props) {
  return engine.create(kind, context(), inputs);
}

export async function read(kind: string, id: string, props: engine.Props) {
  return engine.read(kind, context(), id, props ?? {});
}

export async function update(kind: string, id: string, olds: engine.Props, news: engine.Props) {
  return engine.update(kind, context(), id, olds, news);
}

// `delete` is a reserved word for a function name; the serialized provider calls `runtime.delete(...)`.
async function deleteJob(kind: string, id: string, props: engine.Props): Promise<void> {
  return engine.remove(kind, context(), id, props ?? {});
}
export { deleteJob as delete };
