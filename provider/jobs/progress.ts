// Progress lines. The engine prints a dynamic provider's output under the stack's row, not the resource's, so each
// line names the resource (type and name), the job id, its status and the elapsed time.
import { Clock } from "../core/clock";
import { JobSnapshot } from "../core/models";

/** `warning`: a line the front end shows as a warning (the plugin sends it to the engine's log as one and keeps it). */
export type Severity = "info" | "warning";

export type Logger = (line: string, severity?: Severity) => void;

/** stdout of the provider process: the CLI shows it as info lines while the update runs. */
export const consoleLogger: Logger = (line) => console.log(line);

/** Seconds between progress lines (CCKM_PROGRESS_SECONDS, default 5). */
export function progressEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.CCKM_PROGRESS_SECONDS);
  return v > 0 ? v * 1000 : 5000;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** Reports one wait: a line when it starts, then one every few seconds from a timer, then the outcome. */
export class Progress {
  private readonly started: number;
  private timer?: ReturnType<typeof setInterval>;
  private last?: JobSnapshot;
  private note?: string;

  constructor(
    /** e.g. `GoogleKeySync "rings"` */
    readonly label: string,
    private readonly clock: Clock,
    private readonly log: Logger = consoleLogger,
    private readonly everyMs = progressEveryMs(),
  ) {
    this.started = clock.now();
  }

  /** Prints one line now. */
  say(text: string): void {
    this.log(`cckm: ${this.label}: ${text}`);
  }

  /** Starts the periodic line for a job (`verb`: waiting for / cancelling). */
  start(jobId: string, verb = "waiting for"): void {
    this.stop();
    this.timer = setInterval(() => this.tick(jobId, verb), this.everyMs);
    this.timer.unref?.();
  }

  update(s: JobSnapshot | undefined, note?: string): void {
    if (s) this.last = s;
    this.note = note;
  }

  line(jobId: string, verb: string): string {
    const s = this.last;
    const status = s ? s.statusText || s.phase : "starting";
    const unknown = s?.warnings?.length ? `${s.warnings.length} item text(s) not known: warning` : undefined;
    const bits = [s?.detail, unknown, s?.note, this.note].filter(Boolean).join(", ");
    return `${verb} job ${jobId}: ${status}${bits ? ` (${bits})` : ""}, ${formatElapsed(this.clock.now() - this.started)} elapsed`;
  }

  private tick(jobId: string, verb: string): void {
    this.say(this.line(jobId, verb));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  elapsed(): string {
    return formatElapsed(this.clock.now() - this.started);
  }
}
