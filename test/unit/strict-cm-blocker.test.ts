// A start refused by a strict CM naming the job that blocks it: the blocker is polled with GET, and the POST is sent
// again only once it has ended (or is gone), so the requests are counted here: POSTs against GETs. A scripted CM
// (fake transport, fake clock) that fails the test on any POST sent while the blocker it named still runs.
import * as assert from "assert";
import { CckmApiError } from "../../provider/client/errors";
import { HttpRequest } from "../../provider/client/transport";
import { JobTimeoutError } from "../../provider/jobs/errors";
import * as ops from "../../provider/jobs/operations";
import { pollDelayAt, pollSchedule } from "../../provider/jobs/poller";
import { check } from "../../provider/jobs/plan";
import { kindOf } from "../../provider/kinds";
import { jobContext, ok } from "./fakes";

const google = kindOf("GoogleKeySync");
const GPATH = "/v1/cckm/google/synchronization-jobs";
const RING = "projects/p/locations/l/keyRings/r1";
const BLOCKER = "11111111-2222-4333-8444-555555555555";
const BPATH = `${GPATH}/${BLOCKER}`;

const refusal = (id: string) =>
  new CckmApiError(
    `POST /api${GPATH}`,
    400,
    "NCERRBadRequest",
    `Synchronization is already in progress (job ${id}); try again after it ends`,
  );
const notFound = (path: string) => new CckmApiError(`GET /api${path}`, 404, "NCERRResourceNotFound", "not found");
const gjob = (id: string, status: string, rings = ["projects/p/locations/l/keyRings/other"]) => ({
  id,
  overall_status: status,
  key_rings: rings,
  abort: false,
  createdAt: "2026-01-01T00:00:00.000Z",
});

type Answer = ReturnType<typeof ok> | undefined;

function context(handler: (req: HttpRequest) => Answer) {
  const { ctx, lines, clock, transport } = jobContext(handler);
  const count = (method: string, path: string) => transport.count(method, path);
  return { ctx, lines, clock, count };
}

const inputs = (timeoutSeconds?: number) => ({
  ...check(google, context(() => undefined).ctx, { keyRings: [RING], __cckmName: "g" }).inputs,
  ...(timeoutSeconds ? { timeoutSeconds } : {}),
});

/**
 * A CM where BLOCKER (another scope) answers `blockerReads` in turn (the last one repeats), then our POST starts
 * job "mine", which completes at its first read. A POST while BLOCKER was last seen running fails the test.
 */
function cm(blockerReads: (() => Answer)[]) {
  let reads = 0;
  let blockerRuns = true;
  const c = context((req) => {
    if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
    if (req.method === "GET" && req.path === BPATH) {
      const answer = blockerReads[Math.min(reads++, blockerReads.length - 1)]!;
      blockerRuns = false; // a 404 (thrown) leaves it false: the job is gone
      const res = answer();
      blockerRuns = (res?.data as { overall_status?: string }).overall_status === "in_progress";
      return res;
    }
    if (req.method === "POST" && req.path === GPATH) {
      if (c.count("POST", GPATH) === 1) throw refusal(BLOCKER);
      assert.ok(!blockerRuns, `POST number ${c.count("POST", GPATH)} sent while the blocker still runs`);
      return ok(gjob("mine", "in_progress", [RING]), 201);
    }
    if (req.method === "GET" && req.path === `${GPATH}/mine`) return ok(gjob("mine", "completed", [RING]));
    return undefined;
  });
  return c;
}

const running = () => ok(gjob(BLOCKER, "in_progress"));
const unscoped = () => ok(gjob(BLOCKER, "in_progress", []));
const gone = (): Answer => {
  throw notFound(BPATH);
};

describe("strict CM: a refused start waits for the job CCKM named", () => {
  for (const polls of [1, 4, 25]) {
    it(`a blocker that runs for ${polls} more read(s): 2 POSTs, the blocker read by GET until it ended`, async () => {
      const { ctx, count, clock, lines } = cm([
        ...Array.from({ length: polls }, () => running),
        () => ok(gjob(BLOCKER, "completed")),
      ]);
      assert.strictEqual((await ops.create(google, ctx, inputs())).id, "mine");
      assert.strictEqual(count("POST", GPATH), 2, "the refused POST and the one after the blocker ended");
      assert.strictEqual(count("GET", BPATH), polls + 1, "the blocker's reads: running ones, then the ended one");
      // the reads of the blocker come on the poll schedule, by the wait's age
      let age = 0;
      for (const slept of clock.sleeps.slice(0, polls)) {
        assert.strictEqual(slept, pollDelayAt(age, pollSchedule()));
        age += slept;
      }
      assert.strictEqual(lines.filter((l) => l.includes("CCKM refused to start")).length, 1, lines.join("\n"));
      assert.ok(lines.some((l) => l.includes(`waiting for CCKM job ${BLOCKER} (another job of this family) to end`)));
    });
  }

  it("a blocker that disappears (404) while it is polled: the POST is sent again then", async () => {
    const { ctx, count } = cm([running, running, running, gone]);
    assert.strictEqual((await ops.create(google, ctx, inputs())).id, "mine");
    assert.strictEqual(count("POST", GPATH), 2);
    assert.strictEqual(count("GET", BPATH), 4, "3 running reads, then the 404");
  });

  it("a blocker that turns out to run over our scope while polled is adopted, without another POST", async () => {
    // a CM still setting its job up: the first reads show no scope yet, then ours; then it completes
    const ours = (status: string) => () => ok(gjob(BLOCKER, status, [RING]));
    const { ctx, count, lines } = cm([unscoped, unscoped, ours("in_progress"), ours("completed")]);
    const r = await ops.create(google, ctx, inputs());
    assert.strictEqual(r.id, BLOCKER);
    assert.strictEqual(r.outs.status, "completed");
    assert.strictEqual(count("POST", GPATH), 1, "only the refused POST");
    assert.strictEqual(count("GET", BPATH), 4, "2 reads without scope, the one with ours, then its end");
    assert.ok(lines.some((l) => l.includes(`adopting CCKM job ${BLOCKER}, named by CCKM's refusal`)));
  });

  it("a blocker that outlives the deadline: JobTimeoutError naming it, and no second POST", async () => {
    const { ctx, count } = cm([running]);
    await assert.rejects(ops.create(google, ctx, inputs(30)), (err: Error) => {
      assert.ok(err instanceof JobTimeoutError, String(err));
      assert.match(err.message, new RegExp(`timed out after 30s waiting for CCKM job ${BLOCKER} \\(another job`));
      return true;
    });
    assert.strictEqual(count("POST", GPATH), 1);
    assert.ok(count("GET", BPATH) > 10, `the blocker was polled (${count("GET", BPATH)} reads)`);
  });
});

describe("strict CM: a refused start naming no job to poll", () => {
  it("a named job that cannot be read (404): the family is searched, the POST backed off and sent again", async () => {
    const { ctx, count, clock } = cm([gone]);
    assert.strictEqual((await ops.create(google, ctx, inputs())).id, "mine");
    assert.strictEqual(count("POST", GPATH), 2);
    assert.strictEqual(count("GET", BPATH), 1);
    assert.strictEqual(count("GET", GPATH), 2, "the search before the first POST and the one after the refusal");
    assert.ok(clock.sleeps[0]! >= 500 && clock.sleeps[0]! <= 1000, `backed off ${clock.sleeps[0]} ms`);
  });

  it("a named job that had already ended when read: backed off from, not POSTed at in a tight loop", async () => {
    const { ctx, count, clock } = cm([() => ok(gjob(BLOCKER, "completed"))]);
    assert.strictEqual((await ops.create(google, ctx, inputs())).id, "mine");
    assert.strictEqual(count("POST", GPATH), 2);
    assert.strictEqual(count("GET", BPATH), 1);
    assert.ok(clock.sleeps[0]! >= 500 && clock.sleeps[0]! <= 1000, `backed off ${clock.sleeps[0]} ms`);
  });
});

describe("strict CM: resources of one family waiting on the same blocker", () => {
  it("race when it ends: one POST wins, the others wait for the winner; none POSTs while its blocker runs", async () => {
    // one job at a time in the family, each running 20 s (of the fake clock that every sleep advances); a POST
    // while one runs is refused naming it
    const jobs = new Map<string, { endsAt: number; rings: string[] }>();
    const named = new Map<string, string>(); // resource (its ring) -> the job its last refusal named
    let runningId: string | undefined;
    let refused = 0;
    const early: string[] = [];
    const status = (id: string) => (c.clock.now() >= jobs.get(id)!.endsAt ? "completed" : "in_progress");
    const c = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
      if (req.method === "POST" && req.path === GPATH) {
        const ring = String((req.body as { key_rings: string[] }).key_rings[0]);
        const blocker = named.get(ring);
        if (blocker && status(blocker) === "in_progress") early.push(`${ring} POSTed while ${blocker} ran`);
        if (runningId && status(runningId) === "in_progress") {
          refused++;
          named.set(ring, runningId);
          throw refusal(runningId);
        }
        runningId = `00000000-0000-4000-8000-${String(jobs.size).padStart(12, "0")}`;
        jobs.set(runningId, { endsAt: c.clock.now() + 20_000, rings: [ring] });
        return ok(gjob(runningId, "in_progress", [ring]), 201);
      }
      const id = req.method === "GET" ? req.path.slice(GPATH.length + 1) : "";
      const job = jobs.get(id);
      if (!job) return undefined;
      return ok(gjob(id, status(id), job.rings));
    });
    const { ctx, count } = c;
    const rings = [1, 2, 3, 4].map((i) => `projects/p/locations/l/keyRings/r${i}`);
    const results = await Promise.all(
      rings.map((ring, i) =>
        ops.create(google, ctx, check(google, ctx, { keyRings: [ring], __cckmName: `g${i}` }).inputs),
      ),
    );
    assert.deepStrictEqual(early, [], "no POST while the job its last refusal named ran");
    assert.strictEqual(new Set(results.map((r) => r.id)).size, 4, "a job each");
    assert.ok(results.every((r) => r.outs.status === "completed"));
    // each waiting resource is refused once per job that starts before its own: at most 3 + 2 + 1
    assert.ok(refused >= 3 && refused <= 6, `${refused} refused POSTs`);
    assert.strictEqual(count("POST", GPATH), 4 + refused);
  });
});
