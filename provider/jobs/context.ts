// What a front end hands the engine for one operation: where the connection settings come from and where progress
// lines go. The dynamic provider passes the stack config of its `configure` and a console logger; the native
// provider passes its `cckm:*` config and a logger that calls the engine's Log with the resource's URN.
import { CckmClient, clientFor } from "../client/client";
import { CckmConfigError } from "../client/errors";
import { ConnectionSettings, resolveSettings, StackConfig } from "../client/settings";
import { Clock, realClock } from "../core/clock";
import { Deadline } from "../core/deadline";
import { CheckFailure } from "../core/inputs";
import { PollSchedule } from "./poller";
import { Logger } from "./progress";

export interface Context {
  /** Stack config, keys `cckm:address` etc., secrets decrypted; settings fall back to the environment. */
  config: StackConfig;
  /** Progress lines of this operation. */
  log: Logger;
  /** The resource's name (its URN's last part), for messages. */
  name?: string;
  /** The kind's default for its name input (the registry entry's `defaultName` hook, computed by the front end). */
  defaultName?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default the real clock */
  clock?: Clock;
  /** @default pollSchedule() (environment overrides) */
  schedule?: PollSchedule;
  /** Makes the client of a connection. @default clientFor: one client and token per connection and process */
  connect?: (settings: ConnectionSettings) => CckmClient;
  /** Aborts when the engine cancels the operation (the plugin's Cancel on Ctrl-C): every wait stops at once. */
  signal?: AbortSignal;
  /** The engine's timeout of this operation in seconds (`customTimeouts`); the smaller of it and timeoutSeconds wins. */
  requestTimeout?: number;
}

export function clockOf(ctx: Context): Clock {
  return ctx.clock ?? realClock;
}

/** The one deadline of an operation: `timeoutSeconds`, the engine's request timeout if smaller, and Cancel. */
export function deadlineOf(ctx: Context, timeoutSeconds: number): Deadline {
  return Deadline.forOperation(timeoutSeconds, {
    requestTimeout: ctx.requestTimeout,
    cancel: ctx.signal,
    clock: clockOf(ctx),
  });
}

/** The client of the configured connection (settings read now, in the provider process). */
export function clientOf(ctx: Context): CckmClient {
  const client = (ctx.connect ?? clientFor)(resolveSettings(ctx.config, ctx.env ?? process.env));
  // lines about a cluster node given up on (operations.ts names the resource in them)
  return client.withLog((line) => ctx.log(`cckm: ${ctx.name ? `${ctx.name}: ` : ""}${line}`));
}

/** A connection settings problem, as a check failure naming the setting (no request made). */
export function settingsProblem(ctx: Context): CheckFailure | undefined {
  try {
    resolveSettings(ctx.config, ctx.env ?? process.env);
    return undefined;
  } catch (err) {
    if (err instanceof CckmConfigError) return { property: err.setting, reason: err.reason };
    throw err;
  }
}
