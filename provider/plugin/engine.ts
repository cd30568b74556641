// The plugin's only door into the engine (provider/engine, the operations API the dynamic front end uses too): a
// Context per call whose settings are the plugin's `Configure` variables, whose name is the URN's, and whose
// progress lines go to the engine's log under the resource's row. The plugin's props are exactly the kinds'
// properties: it has no bookkeeping keys of its own.
import * as core from "../engine";
import { currentCall } from "./call";

export type { CheckFailure, Props } from "../engine";
type Props = core.Props;
type Logger = core.Logger;

const noLog: Logger = () => undefined;

export class NativeEngine {
  private config: Props = {};

  /** Stack config as `cckm:<key>` strings (secrets decrypted; kept in this process only, never in state). */
  configure(config: Props): void {
    this.config = { ...config };
  }

  private context(name: string, log: Logger = noLog, defaultName?: string): core.Context {
    // the call's customTimeouts and Cancel signal (call.ts)
    return { config: this.config, name, log, ...(defaultName !== undefined ? { defaultName } : {}), ...currentCall() };
  }

  /** `project`/`stack` from the URN feed the kind's default-name hook (SyncSchedule's scheduleName). */
  check(kind: string, name: string, news: Props, project = "", stack = "") {
    const defaultName = core.entryOf(kind).defaultName?.(project, stack, name);
    return core.check(kind, this.context(name, noLog, defaultName), news);
  }

  diff(kind: string, olds: Props, news: Props) {
    return core.diff(kind, olds, news);
  }

  /** Per changed property, update or replace; undefined when no property changed. */
  detailedDiff(kind: string, olds: Props, news: Props): Record<string, "update" | "replace"> | undefined {
    const detailed = core.diff(kind, olds, news).detailedDiff;
    return Object.keys(detailed).length ? detailed : undefined;
  }

  create(kind: string, name: string, inputs: Props, log: Logger) {
    return core.create(kind, this.context(name, log), inputs);
  }

  update(kind: string, name: string, id: string, olds: Props, news: Props, log: Logger) {
    return core.update(kind, this.context(name, log), id, olds, news);
  }

  /** Refresh, and import when `props` is empty: then the inputs are rebuilt from CM's object. */
  async read(kind: string, name: string, id: string, props: Props, log?: Logger) {
    if (Object.keys(props).length === 0) {
      const imported = await core.importResource(kind, this.context(name), id);
      return imported.id ? imported : { id: "", props: {}, inputs: undefined };
    }
    // on refresh the engine keeps the inputs it has
    return { ...(await core.read(kind, this.context(name, log), id, props)), inputs: undefined };
  }

  delete(kind: string, name: string, id: string, props: Props, log: Logger): Promise<void> {
    return core.remove(kind, this.context(name, log), id, props);
  }
}
