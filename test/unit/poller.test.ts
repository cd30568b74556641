// The poll schedule against the performance goals, as arithmetic (no clock): a job's end is read within
// 0.5 s + 10 % of its duration (capped at 15 s), and a 10-minute job gets at most 80 reads.
import * as assert from "assert";
import { pollDelay, pollSchedule } from "../../provider/jobs/poller";
import { readsWithin } from "./schedule";

/** The gap between the last read before `endMs` and the first read at or after it. */
function gapAround(endMs: number): number {
  const s = pollSchedule({});
  let t = 0;
  for (let n = 0; ; n++) {
    const next = t + pollDelay(n, s);
    if (next >= endMs) return next - t;
    t = next;
  }
}

describe("poll schedule", () => {
  it("defaults to a first read at 0.5 s, 1.1x growth and a 15 s cap", () => {
    assert.deepStrictEqual(pollSchedule({}), { initialMs: 500, factor: 1.1, maxMs: 15_000 });
  });

  it("takes CCKM_POLL_INITIAL_MS and CCKM_POLL_MAX_MS, ignoring nonsense", () => {
    const s = pollSchedule({ CCKM_POLL_INITIAL_MS: "200", CCKM_POLL_MAX_MS: "1000" });
    assert.deepStrictEqual(s, { initialMs: 200, factor: 1.1, maxMs: 1000 });
    assert.deepStrictEqual(pollSchedule({ CCKM_POLL_INITIAL_MS: "-1", CCKM_POLL_MAX_MS: "x" }), pollSchedule({}));
  });

  for (const seconds of [1, 10, 60, 120, 600, 3600]) {
    it(`reads a ${seconds} s job's end within 0.5 s + 10 % of its duration, at most 15 s`, () => {
      const gap = gapAround(seconds * 1000);
      assert.ok(gap <= Math.min(500 + 100 * seconds, 15_000) + 1, `gap ${gap} ms`);
    });
  }

  it("reads a 10-minute job at most 80 times", () => {
    const reads = readsWithin(600_000, pollSchedule({})) + 1; // + the read that sees the end
    assert.ok(reads <= 80, `${reads} reads`);
  });
});
