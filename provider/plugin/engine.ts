// The native provider's only door into the job engine (provider/engine, the operations API the dynamic
// resources' runtime uses too): a Context per call whose settings are the plugin's `Configure` variables and whose
// progress lines go to the engine's log under the resource's row. Keeping this in one module makes following the
// engine's changes cheap.
import { isApiError } from "../client/errors";
import { Deadline } from "../core/deadline";
import * as core from "../engine";
import { clientOf } from "../jobs/context";
import * as schedule from "../schedule";
import { currentCall } from "./call";

export type { CheckFailure, Props } from "../engine";
type Props = core.Props;
type Logger = core.Logger;

const noLog: Logger = () => undefined;

function withoutHelpers(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__cckm")));
}

export class NativeEngine {
  private config: Props = {};

  /** Stack config as `cckm:<key>` strings (secrets decrypted; kept in this process only, never in state). */
  configure(config: Props): void {
    this.config = { ...config };
  }

  private context(name: string, log: Logger = noLog): core.Context {
    // the call's customTimeouts and Cancel signal (call.ts)
    return { config: this.config, name, log, ...currentCall() };
  }

  /** `project`/`stack` from the URN give SyncSchedule its default scheduleName (unique per stack in one CM). */
  check(kind: string, name: string, news: Props, project = "", stack = "") {
    if (kind !== schedule.SCHEDULE_KIND) return core.check(kind, this.context(name), news);
    const withName = { ...news, __cckmDefaultName: schedule.defaultScheduleName(project, stack, name) };
    const res = core.check(kind, this.context(name), withName);
    // the default is in scheduleName now; the helper keys are the dynamic front end's, not inputs to show
    return { ...res, inputs: withoutHelpers(res.inputs) };
  }

  diff(kind: string, olds: Props, news: Props) {
    return core.diff(kind, olds, news);
  }

  /** Per property, update or replace (SyncSchedule only: a job kind's diff is the engine's own). */
  detailedDiff(kind: string, olds: Props, news: Props): Record<string, "update" | "replace"> | undefined {
    if (kind !== schedule.SCHEDULE_KIND) return undefined;
    const modes = new Map(schedule.SCHEDULE_INPUTS.map((p) => [p.name, p.change]));
    return Object.fromEntries(schedule.changedInputs(olds, news).map((k) => [k, modes.get(k) ?? "update"]));
  }

  create(kind: string, name: string, inputs: Props, log: Logger) {
    return core.create(kind, this.context(name, log), inputs);
  }

  update(kind: string, name: string, id: string, olds: Props, news: Props, log: Logger) {
    return core.update(kind, this.context(name, log), id, olds, news);
  }

  /** Refresh, and import when `props` is empty: then the inputs are rebuilt from the job CCKM has. */
  async read(kind: string, name: string, id: string, props: Props) {
    const imported = Object.keys(props).length === 0;
    if (kind === schedule.SCHEDULE_KIND) {
      const res = await core.read(kind, this.context(name), id, props);
      // on import the inputs are what CM stores, less the computed outputs
      return { ...res, inputs: imported && res.id ? schedule.inputsOf(res.props) : undefined };
    }
    const seed = imported ? await this.importSeed(kind, name, id) : props;
    if (!seed) return { id: "", props: {} };
    const res = await core.read(kind, this.context(name), id, seed);
    // On import the engine needs the inputs too (it checks them and diffs them against the outputs read); on
    // refresh it keeps the inputs it has.
    return { ...res, inputs: imported ? seed : undefined };
  }

  delete(kind: string, name: string, id: string, props: Props, log: Logger): Promise<void> {
    return core.remove(kind, this.context(name, log), id, props);
  }

  /**
   * The inputs a job was started with, read back from the job object for `pulumi import`: each input's API field
   * is its snake_case name (`keyRings` -> `key_rings`, `synchronizeAll` -> `synchronize_all`), except the SAP
   * key id, which a SAP job calls `cckm_key_id`. Undefined when CCKM does not know the job.
   */
  private async importSeed(kind: string, name: string, id: string): Promise<Props | undefined> {
    const k = core.kindOf(kind);
    let job: Props;
    try {
      job = await clientOf(this.context(name)).get<Props>(`${k.jobsPath}/${id}`, undefined, Deadline.after(120));
    } catch (err) {
      if (isApiError(err, 404)) return undefined;
      throw err;
    }
    const seed: Props = {};
    for (const { name: input } of k.inputs) {
      const field = input === "keyId" ? "cckm_key_id" : input.replace(/[A-Z]/g, (c: string) => `_${c.toLowerCase()}`);
      const v = job[field];
      if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) seed[input] = v;
    }
    return seed;
  }
}
