// What the engine says about the one call being served, beyond its properties: the operation's timeout
// (`customTimeouts`) and the cancellation signal of the plugin's Cancel. The server runs each call inside
// `withCall`; NativeEngine's Context reads `currentCall()`, so the job engine gets them without every method of the
// plugin's engine taking them as arguments.
import { AsyncLocalStorage } from "async_hooks";

export interface CallOptions {
  /** Aborts when the engine sends Cancel (the first Ctrl-C). */
  signal?: AbortSignal;
  /** The request's `timeout` in seconds (`customTimeouts`); absent when the engine set none. */
  requestTimeout?: number;
}

const storage = new AsyncLocalStorage<CallOptions>();

export function withCall<T>(opts: CallOptions, fn: () => Promise<T>): Promise<T> {
  return storage.run(opts, fn);
}

export function currentCall(): CallOptions {
  return storage.getStore() ?? {};
}
