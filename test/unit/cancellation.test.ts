// One cancellation signal and the engine's request timeout folded into the operation's one deadline: Cancel stops
// every wait at once, keeping the job tracked; customTimeouts shortens the deadline when smaller than timeoutSeconds.
import * as assert from "assert";
import { Deadline } from "../../provider/core/deadline";
import { realClock } from "../../provider/core/clock";
import { JobTimeoutError } from "../../provider/jobs/errors";
import * as ops from "../../provider/jobs/operations";
import { check } from "../../provider/jobs/plan";
import { kindOf } from "../../provider/kinds";
import { FakeClock, jobContext, ok } from "./fakes";

const google = kindOf("GoogleKeySync");
const PATH = "/v1/cckm/google/synchronization-jobs";
const RING = "projects/p/locations/l/keyRings/r1";
const running = (id: string) => ({ id, overall_status: "in_progress", key_rings: [RING], abort: false });

describe("deadline: cancellation and the engine's request timeout", () => {
  it("the smaller of timeoutSeconds and customTimeouts wins, and says which it was", () => {
    const clock = new FakeClock();
    const engine = Deadline.forOperation(1800, { requestTimeout: 5, clock });
    assert.strictEqual(engine.seconds, 5);
    assert.strictEqual(engine.limit, "customTimeouts");
    const own = Deadline.forOperation(60, { requestTimeout: 600, clock });
    assert.strictEqual(own.seconds, 60);
    assert.strictEqual(own.limit, "timeoutSeconds");
    assert.strictEqual(Deadline.forOperation(60, { requestTimeout: 0, clock }).seconds, 60, "0: no custom timeout");
  });

  it("a cancel ends a sleep at once, passes the deadline and aborts its request signal", async () => {
    const cancel = new AbortController();
    const d = Deadline.after(3600, realClock, { cancel: cancel.signal });
    const signal = d.signal();
    const started = Date.now();
    const sleeping = d.sleep(60_000);
    setTimeout(() => cancel.abort(), 20);
    await sleeping;
    assert.ok(Date.now() - started < 5000, "the sleep ended with the cancel");
    assert.ok(d.cancelled() && d.passed() && !d.fits(1));
    assert.strictEqual(d.left(), 0);
    assert.strictEqual(signal.aborted, true);
  });
});

describe("job engine: Cancel and customTimeouts", () => {
  it("Cancel mid-wait: an init error keeping the job id, and the next update resumes the same job", async () => {
    let polls = 0;
    const { ctx, transport } = jobContext((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") return ok(running("j1"), 201);
      polls++;
      return ok(running("j1"));
    }, realClock as FakeClock);
    const cancel = new AbortController();
    const inputs = check(google, ctx, { keyRings: [RING], timeoutSeconds: 3600 }).inputs;
    const creating = ops.create(google, { ...ctx, clock: realClock, signal: cancel.signal }, inputs);
    setTimeout(() => cancel.abort(), 200);
    const started = Date.now();
    let props: Record<string, unknown> = {};
    await assert.rejects(creating, (err: JobTimeoutError) => {
      assert.ok(err instanceof JobTimeoutError, String(err));
      assert.strictEqual(err.id, "j1");
      assert.match(err.message, /stopped waiting for the job to end: the update was cancelled \(CCKM job j1/);
      assert.doesNotMatch(err.message, /Raise/);
      props = err.properties!;
      return true;
    });
    assert.ok(Date.now() - started < 5000, "Cancel ends the wait at once, not at the 1 s poll");
    assert.ok(polls >= 1);
    assert.strictEqual(props.jobId, "j1");
    assert.strictEqual(props.status, "in_progress");

    const { ctx: next, transport: t2 } = jobContext((req) =>
      req.method === "GET" && req.path === `${PATH}/j1`
        ? ok({ ...running("j1"), overall_status: "completed" })
        : undefined,
    );
    const r = await ops.update(google, next, "j1", props, inputs);
    assert.strictEqual(r.outs.status, "completed");
    assert.strictEqual(transport.count("POST", PATH) + t2.count("POST", PATH), 1, "one job in all");
  });

  it("customTimeouts smaller than timeoutSeconds ends the wait at its time, naming it", async () => {
    const clock = new FakeClock();
    const { ctx } = jobContext((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") return ok(running("j2"), 201);
      return ok(running("j2"));
    }, clock);
    const inputs = check(google, ctx, { keyRings: [RING], timeoutSeconds: 1800 }).inputs;
    const start = clock.now();
    await assert.rejects(ops.create(google, { ...ctx, requestTimeout: 5 }, inputs), (err: JobTimeoutError) => {
      assert.ok(err instanceof JobTimeoutError);
      assert.strictEqual(err.id, "j2");
      assert.match(err.message, /timed out after 5s .*CCKM job j2.*Raise customTimeouts/);
      return true;
    });
    assert.ok(clock.now() - start <= 5000);
  });
});
