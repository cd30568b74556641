// The poll schedule against the performance goals, as arithmetic (no clock): the delay is 9 % of the job's age
// (at least 0.5 s, at most 15 s), so a job's end is read within max(0.5 s, 9 % of its duration) at every length,
// and a 10-minute job gets at most 80 reads. The real loop is driven on a fake clock at the end.
import * as assert from "assert";
import { Deadline } from "../../provider/core/deadline";
import { JobSnapshot } from "../../provider/core/models";
import { pollDelayAt, pollSchedule, waitForJob } from "../../provider/jobs/poller";
import { FakeClock } from "./fakes";
import { gapAround, readsWithin } from "./schedule";

describe("poll schedule", () => {
  const s = pollSchedule({});

  it("defaults to a 0.5 s floor, 9 % of the job's age and a 15 s cap", () => {
    assert.deepStrictEqual(s, { initialMs: 500, factor: 1.09, maxMs: 15_000 });
    assert.strictEqual(pollDelayAt(0, s), 500);
    assert.strictEqual(pollDelayAt(5_000, s), 500);
    assert.strictEqual(pollDelayAt(10_000, s), 900);
    assert.strictEqual(pollDelayAt(100_000, s), 9000);
    assert.strictEqual(pollDelayAt(600_000, s), 15_000);
  });

  it("takes CCKM_POLL_INITIAL_MS and CCKM_POLL_MAX_MS, ignoring nonsense", () => {
    const e = pollSchedule({ CCKM_POLL_INITIAL_MS: "200", CCKM_POLL_MAX_MS: "1000" });
    assert.deepStrictEqual(e, { initialMs: 200, factor: 1.09, maxMs: 1000 });
    assert.deepStrictEqual(pollSchedule({ CCKM_POLL_INITIAL_MS: "-1", CCKM_POLL_MAX_MS: "x" }), s);
  });

  for (const seconds of [1, 10, 60, 120, 600, 3600]) {
    it(`reads a ${seconds} s job's end within max(0.5 s, 9 % of its duration), at most 15 s`, () => {
      const gap = gapAround(seconds * 1000, s);
      assert.ok(gap <= Math.min(Math.max(500, 90 * seconds), 15_000) + 1, `gap ${gap} ms`);
    });
  }

  // + 1: the read that sees the end
  const cases: [string, number, number][] = [
    ["10 s", 10_000, 18],
    ["60 s", 60_000, 39],
    ["10-minute", 600_000, 80],
  ];
  for (const [name, ms, reads] of cases) {
    it(`reads a ${name} job ${reads} times`, () => {
      assert.strictEqual(readsWithin(ms, s) + 1, reads);
    });
  }

  it("the wait loop sleeps by the job's age (fake clock, a job that ends after 60 s)", async () => {
    const clock = new FakeClock();
    const end = clock.now() + 60_000;
    const snap = (phase: JobSnapshot["phase"]): JobSnapshot => ({ id: "j", phase, statusText: phase, failures: [] });
    let reads = 0;
    const outcome = await waitForJob({
      poll: async () => (reads++, snap(clock.now() >= end ? "succeeded" : "running")),
      deadline: Deadline.after(1800, clock),
      isTransient: () => false,
      schedule: s,
      first: snap("running"),
    });
    assert.ok(outcome.done);
    assert.strictEqual(reads, 39);
    assert.deepStrictEqual(clock.sleeps.slice(0, 3), [500, 500, 500]);
    assert.ok(
      clock.sleeps.every((d, i) => i === 0 || d >= clock.sleeps[i - 1]!),
      "delays never shrink",
    );
  });
});
