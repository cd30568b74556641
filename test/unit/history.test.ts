// History-informed polling (jobs/history.ts): the schedule as pure functions of past durations and the job's age.
import * as assert from "assert";
import { expectationOf, historyDelay, pastDurations, ranForMs, readTimes } from "../../provider/jobs/history";
import { nextPollDelay, pollDelayAt, pollSchedule } from "../../provider/jobs/poller";

const S = pollSchedule({});
const job = (createdAt: string, end: string, extra: Record<string, unknown> = {}) => ({
  id: `${createdAt}`,
  createdAt,
  completed_at: end,
  overall_status: "completed",
  ...extra,
});
const reads = (durationsS: number[], untilS: number) =>
  readTimes(expectationOf(durationsS.map((d) => d * 1000))!, S, untilS * 1000, (age) => pollDelayAt(age, S));
/** The first read at or after `endS`: how long after the end it comes, and how many reads it took. */
function noticed(durationsS: number[], endS: number) {
  const times = reads(durationsS, endS * 3 + 60);
  const i = times.findIndex((t) => t >= endS * 1000);
  return { lagMs: times[i]! - endS * 1000, reads: i + 1 };
}

describe("history-informed polling: the schedule", function () {
  it("a job's duration counts only when it ran to a normal end (not running, cancelled, failed or without times)", function () {
    assert.strictEqual(ranForMs(job("2026-01-01T00:00:00Z", "2026-01-01T00:01:00.5Z")), 60_500);
    assert.strictEqual(ranForMs({ ...job("2026-01-01T00:00:00Z", "x"), updatedAt: "2026-01-01T00:00:30Z" }), 30_000);
    assert.strictEqual(ranForMs(job("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", { abort: true })), undefined);
    assert.strictEqual(
      ranForMs(job("2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", { overall_status: "failed" })),
      undefined,
    );
    assert.strictEqual(
      ranForMs({ id: "r", createdAt: "2026-01-01T00:00:00Z", overall_status: "in_progress" }),
      undefined,
    );
  });

  it("takes the newest five ended jobs of a list sorted newest first, skipping the job waited on", function () {
    const list = [
      { id: "now", overall_status: "in_progress", createdAt: "2026-01-09T00:00:00Z" },
      ...[8, 7, 6, 5, 4, 3, 2].map((d) => job(`2026-01-0${d}T00:00:00Z`, `2026-01-0${d}T00:00:${10 + d}Z`)),
    ];
    assert.deepStrictEqual(pastDurations(list, "now"), [18_000, 17_000, 16_000, 15_000, 14_000]);
  });

  it("no history: no expectation (the age-proportional schedule decides)", function () {
    assert.strictEqual(expectationOf([]), undefined);
    assert.strictEqual(nextPollDelay(30_000, S), pollDelayAt(30_000, S));
  });

  it("reads densely around the expected end, few before it, and the age schedule past it", function () {
    const e = expectationOf([600_000, 600_000, 600_000])!;
    assert.ok(e.fromMs < 600_000 && e.toMs > 600_000);
    // before the window: half the distance (capped), landing on its start
    assert.strictEqual(historyDelay(0, e, S), e.earlyCapMs);
    assert.strictEqual(historyDelay(e.fromMs - e.stepMs, e, S), e.stepMs);
    // inside: one read per step, at most max(0.5 s, 1 % of the job) apart
    assert.strictEqual(historyDelay(600_000, e, S), e.stepMs);
    assert.ok(e.stepMs <= 6000);
    // past it: as if there were no history
    assert.strictEqual(historyDelay(e.toMs, e, S), undefined);
    assert.strictEqual(nextPollDelay(e.toMs + 1000, { ...S, expected: e }), pollDelayAt(e.toMs + 1000, S));
  });

  it("an adopted job's age counts: the window is where the job is, not where the wait began", function () {
    const e = expectationOf([60_000], 50_000)!;
    assert.strictEqual(nextPollDelay(0, { ...S, expected: e }), historyDelay(50_000, e, S));
  });

  for (const seconds of [10, 60, 120, 600]) {
    it(`a ${seconds} s job with a history of that length: its end is noticed within max(0.5 s, 1 %), in fewer reads than the age schedule`, function () {
      const { lagMs, reads: n } = noticed([seconds, seconds, seconds], seconds);
      assert.ok(lagMs <= Math.max(500, seconds * 10), `lag ${lagMs} ms`);
      let age = 0;
      let ageReads = 0;
      while (age < seconds * 1000) {
        age += pollDelayAt(age, S);
        ageReads++;
      }
      assert.ok(n < ageReads, `${n} reads with history, ${ageReads} by age`);
    });
  }

  it("a spread history widens the window (more reads or a longer step), a job past it falls back to the age schedule", function () {
    const tight = expectationOf([100_000, 100_000, 100_000])!;
    const wide = expectationOf([70_000, 100_000, 130_000])!;
    assert.ok(wide.toMs - wide.fromMs > tight.toMs - tight.fromMs);
    assert.ok((wide.toMs - wide.fromMs) / wide.stepMs <= 30.5, "at most WINDOW_READS reads in the window");
    // a job that runs far longer than ever before is still seen: reads go on by the age schedule
    const times = reads([10, 10, 10], 200);
    assert.ok(times.some((t) => t > 150_000));
  });
});
