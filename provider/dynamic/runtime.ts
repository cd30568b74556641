// The code that runs in the provider process of the dynamic resources: a thin adapter from the dynamic
// provider's calls to the engine (../engine). The provider serialized into state holds only a kind string and
// methods that `require("pulumi-cckm/runtime")` and delegate here, so `delete` and `refresh` run the installed
// version and no credential reaches state. The stack config of `configure` is kept for every resource of the
// process (one client and token per connection, in the client module).
//
// The dynamic front end's own keys live in props and state, and only here: `__cckmName` (the resource's name,
// which the dynamic provider's calls do not carry), `__cckmDefaultName` (the default-name hook's value, computed
// by the class where project and stack are known) and `__provider` (the serialized provider, added by the host).
// They are taken out before the engine sees the props, handed over as Context fields, and put back into what is
// recorded, so state keeps the shape deployed stacks have.
//
// `pulumi-cckm/runtime` (../runtime/index.ts) is a contract with every deployed stack: keep these function names.
import { SETTING_SOURCES, StackConfig } from "../client/settings";
import * as engine from "../engine";
import { consoleLogger } from "../jobs/progress";

type Props = engine.Props;

let stackConfig: StackConfig = {};

/** Stack config keys read from `configure` (never stored: config values reach only this process). */
const CONFIG_KEYS = [...Object.values(SETTING_SOURCES).map((s) => s.config), engine.COALESCE_CONFIG];

/** The front end's keys that are recorded with the resource's inputs and outputs. */
const RECORDED = ["__cckmName", "__cckmDefaultName"] as const;

/** The kind's own props, and the front end's keys. */
function split(props: Props | undefined): { own: Props; mine: Props } {
  const own: Props = {};
  const mine: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) (k.startsWith("__") ? mine : own)[k] = v;
  return { own, mine };
}

/** `props` with the front end's recorded keys of `mine` put back. */
function recorded(props: Props, mine: Props): Props {
  const out = { ...props };
  for (const k of RECORDED) if (mine[k] !== undefined) out[k] = mine[k];
  return out;
}

function context(mine: Props): engine.Context {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    config: stackConfig,
    log: consoleLogger,
    name: str(mine.__cckmName),
    defaultName: str(mine.__cckmDefaultName),
  };
}

/**
 * A failed initialization (a job that failed or timed out: the error carries `id` and `properties`) as the host
 * records it: a new error around the engine's, whose properties hold the front end's keys too. `__provider` must be
 * among them (the host records them as given), or a later refresh or destroy of the resource cannot run.
 */
function recordedInitError(err: unknown, mine: Props): unknown {
  const e = err as { id?: unknown; properties?: Props; reasons?: string[]; message?: string; name?: string };
  if (!(err instanceof Error) || typeof e.id !== "string" || !e.properties) return err;
  const wrapped = new Error(err.message, { cause: err }) as Error & {
    id: string;
    properties: Props;
    reasons?: string[];
  };
  wrapped.name = err.name;
  wrapped.id = e.id;
  wrapped.properties = {
    ...recorded(e.properties, mine),
    ...(mine.__provider !== undefined ? { __provider: mine.__provider } : {}),
  };
  if (e.reasons) wrapped.reasons = e.reasons;
  return wrapped;
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

export async function check(kind: string, _olds: Props, news: Props) {
  const { own, mine } = split(news);
  const res = engine.check(kind, context(mine), own);
  return { ...res, inputs: recorded(res.inputs, mine) };
}

export async function diff(kind: string, _id: string, olds: Props, news: Props) {
  const res = engine.diff(kind, split(olds).own, split(news).own);
  // why a replacement no input explains (a stale job): the CLI shows the provider's stdout as an info line
  for (const reason of res.reasons ?? []) consoleLogger(`${String(olds.__cckmName ?? kind)}: ${reason}`);
  // a new provider text (another installed version) is a change, so that the new text is recorded
  const codeChanged =
    olds.__provider !== undefined && news.__provider !== undefined && olds.__provider !== news.__provider;
  return {
    changes: res.changes || codeChanged,
    replaces: res.replaces,
    deleteBeforeReplace: res.deleteBeforeReplace,
  };
}

export async function create(kind: string, inputs: Props) {
  const { own, mine } = split(inputs);
  try {
    const res = await engine.create(kind, context(mine), own);
    return { id: res.id, outs: recorded(res.outs, mine) };
  } catch (err) {
    throw recordedInitError(err, mine);
  }
}

export async function read(kind: string, id: string, props: Props) {
  const { own, mine } = split(props);
  const res = await engine.read(kind, context(mine), id, own);
  return res.id ? { id: res.id, props: recorded(res.props, mine) } : res;
}

export async function update(kind: string, id: string, olds: Props, news: Props) {
  const { own, mine } = split(news);
  try {
    const res = await engine.update(kind, context(mine), id, split(olds).own, own);
    return { outs: recorded(res.outs, mine) };
  } catch (err) {
    throw recordedInitError(err, mine);
  }
}

// `delete` is a reserved word for a function name; the serialized provider calls `runtime.delete(...)`.
async function deleteResource(kind: string, id: string, props: Props): Promise<void> {
  const { own, mine } = split(props);
  return engine.remove(kind, context(mine), id, own);
}
export { deleteResource as delete };
