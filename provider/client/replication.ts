// Read-your-writes over a cluster whose nodes replicate with a lag (a load balancer, or a failover to another node):
// a write made through one node reaches the others a moment later, so a read there may answer 404 for a job or a
// job config that exists. The client remembers what this process wrote and when (RecentWrites); the engine adds what
// state recorded (createdAt/updatedAt). A 404 for something written within the lag bound is "not replicated yet":
// the read is made again until the bound has passed, and only a 404 after that means "gone". Nothing else waits, so
// a single node that answers costs nothing.
import { Deadline } from "../core/deadline";
import { backoffDelay } from "../core/retry";
import { isApiError } from "./errors";

/** How many writes are remembered at most (the oldest are forgotten first); a stack has far fewer resources. */
const MAX_REMEMBERED = 10_000;

/** What this process created or changed on CM lately, by id, with the time (ms on the operation's clock). */
export class RecentWrites {
  private readonly at = new Map<string, number>();
  /** Deleted by this process: a 404 for these is no lag. */
  private readonly deleted = new Set<string>();

  note(id: string, when: number): void {
    this.deleted.delete(id);
    this.at.delete(id);
    this.at.set(id, when);
    if (this.at.size > MAX_REMEMBERED) this.at.delete(this.at.keys().next().value as string);
  }

  /** This process deleted `id`: a 404 for it is believed at once. */
  forget(id: string): void {
    this.at.delete(id);
    this.deleted.add(id);
    if (this.deleted.size > MAX_REMEMBERED) this.deleted.delete(this.deleted.values().next().value as string);
  }

  /** When `id` was last written by this process, if it was. */
  of(id: string): number | undefined {
    return this.at.get(id);
  }

  isDeleted(id: string): boolean {
    return this.deleted.has(id);
  }
}

/**
 * When object `id` was last written, as far as this process knows: by this process (`writes`), or as state recorded
 * it (`props.updatedAt` / `props.createdAt`); undefined when it is not known, or when this process deleted it.
 */
export function writtenAtOf(writes: RecentWrites, id: string, props: Record<string, unknown>, now: number) {
  if (writes.isDeleted(id)) return undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return latestWrite(now, writes.of(id), str(props.updatedAt), str(props.createdAt));
}

/**
 * The latest of the times given, each ms or an RFC 3339 text (state's createdAt/updatedAt, on CM's clock); a time
 * after `now` (a CM clock ahead of ours) counts as `now`. Undefined when none is known.
 */
export function latestWrite(now: number, ...times: (number | string | undefined)[]): number | undefined {
  let latest: number | undefined;
  for (const t of times) {
    const ms = typeof t === "string" ? Date.parse(t) : t;
    if (ms === undefined || !Number.isFinite(ms)) continue;
    latest = Math.max(latest ?? -Infinity, Math.min(ms, now));
  }
  return latest;
}

/** Whether a 404 at `now` may only be replication lag: the object was written less than `lagMs` ago. */
export function mayBeLagging(writtenAt: number | undefined, lagMs: number, now: number): boolean {
  return writtenAt !== undefined && now < writtenAt + lagMs;
}

export interface LagTolerance {
  /** When the object was last written (latestWrite()); undefined: nothing recent, a 404 stands at once. */
  writtenAt?: number;
  /** The replication-lag bound (CckmClient.lagMs). */
  lagMs: number;
  deadline: Deadline;
  /** What is read, for the line, e.g. "CCKM job 1f0c..." */
  what: string;
  /** Told once when a 404 is taken for lag. */
  say?: (line: string) => void;
  /** The pauses' jitter (Math.random; a test replays a load balancer's rotation with its own). */
  random?: () => number;
}

/**
 * Pause before reading again after a 404 taken for lag: 250 ms, doubling, at most 1 s, with equal jitter. The jitter
 * is what makes the next read land on another node: behind a round-robin load balancer, a few readers that pause
 * alike keep their places in the rotation, and each can meet the same lagging node at every read until the lag
 * has passed (seen: three 3 s jobs waited 150 s on a loaded machine, 463 answers 404).
 */
export function lagPauseMs(reread: number, random: () => number = Math.random): number {
  return backoffDelay(reread, { baseMs: 250, capMs: 1000, random });
}

/**
 * Runs `read`; while it answers 404 for an object written within the lag bound, reads again after a short pause,
 * until the bound has passed (the last read comes after it) or the deadline; then the 404 stands.
 */
export async function tolerateLag<T>(read: () => Promise<T>, t: LagTolerance): Promise<T> {
  const { deadline } = t;
  for (let reread = 0; ; reread++) {
    try {
      return await read();
    } catch (err) {
      if (!isApiError(err, 404)) throw err;
      const now = deadline.clock.now();
      if (!mayBeLagging(t.writtenAt, t.lagMs, now) || deadline.passed()) throw err;
      const until = t.writtenAt! + t.lagMs;
      if (reread === 0) {
        t.say?.(
          `${t.what}: CM answered 404 ${Math.round((now - t.writtenAt!) / 100) / 10} s after it was written: taken ` +
            `for replication lag (another node may not have it yet), reading again for up to ` +
            `${Math.ceil((until - now) / 1000)} s`,
        );
      }
      await deadline.sleep(Math.min(lagPauseMs(reread, t.random), until - now));
    }
  }
}
