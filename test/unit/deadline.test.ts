// One deadline per operation and the one retry loop that every caller bounds with it.
import * as assert from "assert";
import { Deadline } from "../../provider/core/deadline";
import { retrying } from "../../provider/core/retry";
import { FakeClock } from "./fakes";

describe("deadline and retry loop", () => {
  it("sleeps never past the deadline, and reports the time left", async () => {
    const clock = new FakeClock();
    const d = Deadline.after(5, clock);
    assert.strictEqual(d.left(), 5000);
    await d.sleep(8000);
    assert.deepStrictEqual(clock.sleeps, [5000]);
    assert.ok(d.passed());
    assert.strictEqual(d.left(), 0);
  });

  it("a passed deadline gives an aborted signal (what axios gets)", () => {
    const clock = new FakeClock();
    const d = Deadline.after(1, clock);
    assert.strictEqual(d.signal().aborted, false);
    clock.t += 1000;
    assert.strictEqual(Deadline.after(0, clock).signal().aborted, true);
  });

  it("retries while decide gives a delay that ends before the deadline, then throws onDeadline's error", async () => {
    const clock = new FakeClock();
    let attempts = 0;
    await assert.rejects(
      retrying(
        async () => {
          attempts++;
          throw new Error("busy");
        },
        {
          deadline: Deadline.after(10, clock),
          decide: () => 3000,
          onDeadline: () => new Error("gave up at the deadline"),
        },
      ),
      /gave up at the deadline/,
    );
    assert.strictEqual(attempts, 4, "at 0, 3, 6 and 9 s; a fifth would start after 10 s");
  });

  it("gives up at once when decide says so, and after maxAttempts", async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const fail = async () => {
      attempts++;
      throw new Error("no");
    };
    await assert.rejects(retrying(fail, { deadline: Deadline.after(60, clock), decide: () => undefined }), /no/);
    assert.strictEqual(attempts, 1);
    attempts = 0;
    await assert.rejects(
      retrying(fail, { deadline: Deadline.after(60, clock), decide: () => 1, maxAttempts: 3 }),
      /no/,
    );
    assert.strictEqual(attempts, 3);
  });
});
