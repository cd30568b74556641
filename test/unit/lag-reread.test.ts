// Read-your-writes behind a round-robin load balancer (issue 18): readers that take a 404 for replication lag read
// again after lagPauseMs(). Seen on a loaded machine: three jobs polled through one balancer, each re-read pause
// alike, kept their places in the balancer's rotation and met the same lagging node at every read until the lag
// had passed (3 s jobs waited 150 s). The pause is jittered; this replays the rotation in virtual time.
import * as assert from "assert";
import { CckmApiError } from "../../provider/client/errors";
import { lagPauseMs, tolerateLag } from "../../provider/client/replication";
import { Clock } from "../../provider/core/clock";
import { Deadline } from "../../provider/core/deadline";

/** Virtual time in which sleepers wake in order of their wake time, each running until it sleeps again. */
class EventClock implements Clock {
  t = 0;
  private sleepers: { at: number; seq: number; wake: () => void }[] = [];
  private seq = 0;
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ at: this.t + ms, seq: this.seq++, wake }));
  }
  /** Runs until nobody sleeps (every reader returned or threw). */
  async run(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (!this.sleepers.length) return;
      this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.sleepers.shift()!;
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
  }
}

/**
 * Three readers of three objects behind a 3-node round-robin balancer; object r is on node (r + 1) % 3 only, for
 * the whole (long) lag. Returns how many reads each reader made, and whether it found its object.
 */
async function readThroughBalancer(random: () => number): Promise<{ reads: number[]; found: boolean[] }> {
  const clock = new EventClock();
  let rotation = 0;
  const reads = [0, 0, 0];
  const lagMs = 150_000;
  const readers = [0, 1, 2].map((r) =>
    tolerateLag(
      async () => {
        reads[r]++;
        const node = rotation++ % 3;
        if (node !== (r + 1) % 3) throw new CckmApiError(`GET /jobs/${r}`, 404, "NCERRResourceNotFound", "no job");
        return node;
      },
      { writtenAt: 0, lagMs, deadline: Deadline.after(1800, clock), what: `job ${r}`, random },
    ),
  );
  const done = Promise.allSettled(readers);
  await clock.run();
  const found = (await done).map((o) => o.status === "fulfilled");
  return { reads, found };
}

describe("read-your-writes: the pause before reading again after a 404 taken for lag", () => {
  it("is 125-250 ms, doubling, at most 1 s, jittered", () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3, 9].map((k) => lagPauseMs(k, () => 1)),
      [250, 500, 1000, 1000, 1000],
    );
    assert.deepStrictEqual(
      [0, 1, 2, 3].map((k) => lagPauseMs(k, () => 0)),
      [125, 250, 500, 500],
    );
    const seen = new Set(Array.from({ length: 20 }, () => lagPauseMs(5)));
    assert.ok(seen.size > 1, "not the same pause every time");
  });

  it("behind a round-robin balancer, readers that pause alike meet the same lagging node until the lag passes, then take it for gone", async () => {
    const { reads, found } = await readThroughBalancer(() => 1);
    // each reader read about once a second for the whole 150 s lag, and then took the 404 for "gone"
    for (const n of reads) assert.ok(n > 100, `reads: ${reads.join(", ")}`);
    assert.deepStrictEqual(found, [false, false, false]);
  });

  it("with the jitter, every reader reaches the node that has its object within a few reads", async () => {
    for (let run = 0; run < 20; run++) {
      const { reads, found } = await readThroughBalancer(Math.random);
      assert.deepStrictEqual(found, [true, true, true]);
      // 2000 runs: at most 16 reads
      for (const n of reads) assert.ok(n <= 40, `reads: ${reads.join(", ")}`);
    }
  });
});
