// The code that runs in the provider process. The provider serialized into state holds only a kind string and
// methods that `require("pulumi-cckm/runtime")` and delegate here, so `delete` and `refresh` run the installed
// version and no credential reaches state. This module's state (stack config, one client and token per
// connection) is shared by every resource of the provider process.
//
// `pulumi-cckm/runtime` (dist/provider/runtime/index.js) is a contract with every deployed stack: keep the path
// and these function names.
import { clientFor } from "../client/client";
import { CckmConfigError } from "../client/errors";
import { resolveSettings, SETTING_SOURCES, StackConfig } from "../client/settings";
import { realClock } from "../client/tokens";
import * as ops from "../jobs/operations";
import { Props } from "../jobs/models";
import { consoleLogger } from "../jobs/progress";
import { kindOf } from "../kinds";
import * as schedule from "../schedule";

let stackConfig: StackConfig = {};

/** Stack config keys read from `configure` (never stored: config values reach only this process). */
const CONFIG_KEYS = Object.values(SETTING_SOURCES).map((s) => s.config);

function context(): ops.Context {
  return {
    client: () => clientFor(resolveSettings(stackConfig, process.env)),
    checkSettings: () => {
      try {
        resolveSettings(stackConfig, process.env);
        return undefined;
      } catch (err) {
        if (err instanceof CckmConfigError) return { property: err.setting, reason: err.reason };
        throw err;
      }
    },
    clock: realClock,
    log: consoleLogger,
  };
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
  if (kind === schedule.SCHEDULE_KIND) return schedule.checkWithSettings(news, context().checkSettings);
  return ops.check(kindOf(kind), context(), news);
}

export async function diff(kind: string, _id: string, olds: Props, news: Props) {
  if (kind === schedule.SCHEDULE_KIND) return schedule.diffSchedule(olds, news);
  return ops.diff(kindOf(kind), olds, news);
}

export async function create(kind: string, inputs: Props) {
  if (kind === schedule.SCHEDULE_KIND) return schedule.createSchedule(context(), inputs);
  return ops.create(kindOf(kind), context(), inputs);
}

export async function read(kind: string, id: string, props: Props) {
  if (kind === schedule.SCHEDULE_KIND) return schedule.readSchedule(context(), id, props ?? {});
  return ops.read(kindOf(kind), context(), id, props ?? {});
}

export async function update(kind: string, id: string, olds: Props, news: Props) {
  if (kind === schedule.SCHEDULE_KIND) return schedule.updateSchedule(context(), id, olds, news);
  return ops.update(kindOf(kind), context(), id, olds, news);
}

// `delete` is a reserved word for a function name; the serialized provider calls `runtime.delete(...)`.
async function deleteJob(kind: string, id: string, props: Props): Promise<void> {
  if (kind === schedule.SCHEDULE_KIND) return schedule.deleteSchedule(context(), id, props ?? {});
  return ops.remove(kindOf(kind), context(), id, props ?? {});
}
export { deleteJob as delete };

/** For tests: the stack config this process received. */
export function _setStackConfig(config: StackConfig): void {
  stackConfig = { ...config };
}
