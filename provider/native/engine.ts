// The native provider's only door into the job engine: the same operations the dynamic resources' runtime calls,
// with a context whose settings come from the plugin's `Configure` and whose progress lines go to the engine's log
// under the resource's row. Keeping this in one module makes following the engine's refactors cheap.
import { clientFor } from "../client/client";
import { CckmConfigError, isApiError } from "../client/errors";
import { resolveSettings, SETTING_SOURCES, StackConfig } from "../client/settings";
import { realClock } from "../client/tokens";
import { Props, RawJob } from "../jobs/models";
import * as ops from "../jobs/operations";
import { Logger } from "../jobs/progress";
import { JobKind, kindOf } from "../kinds";

export type { Props } from "../jobs/models";
export type { CheckFailure } from "../jobs/inputs";

/** The stack-config keys of the connection settings (`cckm:address`, ...). */
export const CONFIG_KEYS = Object.values(SETTING_SOURCES).map((s) => s.config);

/** The engine's own key naming the resource in progress lines and errors; never kept in a native state. */
const NAME_KEY = "__cckmName";

export class NativeEngine {
  private config: StackConfig = {};

  /** Stack config as `cckm:<key>` strings (secrets decrypted; kept in this process only). */
  configure(config: StackConfig): void {
    this.config = { ...config };
  }

  private context(log: Logger): ops.Context {
    return {
      client: () => clientFor(resolveSettings(this.config, process.env)),
      checkSettings: () => {
        try {
          resolveSettings(this.config, process.env);
          return undefined;
        } catch (err) {
          if (err instanceof CckmConfigError) return { property: err.setting, reason: err.reason };
          throw err;
        }
      },
      clock: realClock,
      log,
    };
  }

  check(kind: string, name: string, news: Props) {
    const { inputs, failures } = ops.check(kindOf(kind), this.context(noLog), named(news, name));
    return { inputs: unnamed(inputs), failures };
  }

  diff(kind: string, olds: Props, news: Props) {
    return ops.diff(kindOf(kind), olds, news);
  }

  async create(kind: string, name: string, inputs: Props, log: Logger) {
    const { id, outs } = await ops.create(kindOf(kind), this.context(log), named(inputs, name)).catch(rethrow);
    return { id, outs: unnamed(outs) };
  }

  async update(kind: string, name: string, id: string, olds: Props, news: Props, log: Logger) {
    const { outs } = await ops
      .update(kindOf(kind), this.context(log), id, named(olds, name), named(news, name))
      .catch(rethrow);
    return { outs: unnamed(outs) };
  }

  /** Refresh, and import when `props` is empty: then the inputs are rebuilt from the job CCKM has. */
  async read(kind: string, name: string, id: string, props: Props) {
    const k = kindOf(kind);
    const imported = Object.keys(props).length === 0;
    const seed = imported ? await this.importSeed(k, id) : props;
    if (!seed) return { id: "", props: {} };
    const res = await ops.read(k, this.context(noLog), id, named(seed, name));
    // On import the engine needs the inputs too (it checks and diffs them against the outputs read); on refresh it
    // keeps the inputs it has.
    return { id: res.id, props: unnamed(res.props), inputs: imported ? seed : undefined };
  }

  async delete(kind: string, name: string, id: string, props: Props, log: Logger): Promise<void> {
    await ops.remove(kindOf(kind), this.context(log), id, named(props, name));
  }

  /**
   * The inputs a job was started with, read back from the job object for `pulumi import`: each input's API field
   * is its snake_case name (`keyRings` -> `key_rings`, `synchronizeAll` -> `synchronize_all`), except the SAP
   * key id, which a SAP job calls `cckm_key_id`. Undefined when CCKM does not know the job.
   */
  private async importSeed(kind: JobKind, id: string): Promise<Props | undefined> {
    const client = this.context(noLog).client();
    let job: RawJob;
    try {
      job = await client.get<RawJob>(`${kind.jobsPath}/${id}`);
    } catch (err) {
      if (isApiError(err, 404)) return undefined;
      throw err;
    }
    const seed: Props = {};
    for (const input of kind.inputNames) {
      const field = input === "keyId" ? "cckm_key_id" : input.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const v = job[field];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) seed[input] = v;
    }
    return seed;
  }
}

const noLog: Logger = () => undefined;

function named(props: Props, name: string): Props {
  return { ...props, [NAME_KEY]: name };
}

function unnamed(props: Props): Props {
  const { [NAME_KEY]: _drop, __provider: _none, ...rest } = props;
  return rest;
}

/** A failed or timed-out job is reported as a failed initialization carrying its outputs: keep them native. */
function rethrow(err: unknown): never {
  const e = err as { properties?: Props };
  if (e && typeof e === "object" && e.properties) e.properties = ops.clean(unnamed(e.properties));
  throw err;
}
