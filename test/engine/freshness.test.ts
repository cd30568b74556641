// Freshness through the real engine and both front ends: a job kind with `maxAgeSeconds` whose recorded job ended
// longer ago than the bound shows as a replacement at `preview --diff`, with the job's end and the bound, and `up`
// runs a new job over the same scope; within the bound, and without it, nothing changes. Preview makes no API call.
import * as assert from "assert";
import { frontEndTitle, frontEnds } from "../frontends";
import { harness, Harness, jobsCreated, ResourceSpec } from "./provider-harness";

const DSM_EU = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";

const spec: Record<string, ResourceSpec> = {
  // a short bound: stale a few seconds after up
  short: { kind: "DsmDomainRefresh", args: { domains: [DSM_EU], maxAgeSeconds: 2 } },
  // a bound far away: within it for the whole suite
  long: { kind: "GoogleKeySync", args: { keyRings: [RING_EU], maxAgeSeconds: 3600 } },
  // no bound: a completed job stays done
  none: { kind: "AzureKeySync", args: { keyVaults: ["keyvault-softkeys"] } },
};

type Outputs = Record<string, Record<string, unknown>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const frontEnd of frontEnds())
  describe(`maxAgeSeconds through the engine, ${frontEndTitle(frontEnd)}`, function () {
    let h: Harness;
    let first: Outputs;

    before(async function () {
      h = await harness("freshness", spec, { sim: { jobSeconds: 1 }, frontEnd });
    });
    after(async function () {
      await h?.dispose();
    });

    it("bad maxAgeSeconds fails at preview naming the property, with no API call", async function () {
      await h.setSpec({ short: { kind: "DsmDomainRefresh", args: { domains: [DSM_EU], maxAgeSeconds: 1.5 } } });
      await assert.rejects(h.stack.preview(), (err: Error) => {
        assert.match(err.message, /maxAgeSeconds/);
        assert.match(err.message, /whole number of seconds greater than 0/);
        return true;
      });
      assert.strictEqual(h.sim.counters().requests, 0, JSON.stringify(h.sim.requestLog()));
      await h.setSpec(spec);
    });

    it("up runs one job per resource and records the bound", async function () {
      await h.stack.up();
      first = (await h.stack.outputs()) as Outputs;
      assert.strictEqual(jobsCreated(h.sim), 3);
      assert.strictEqual(first.short.maxAgeSeconds, 2);
      assert.strictEqual(first.long.maxAgeSeconds, 3600);
      assert.strictEqual(first.none.maxAgeSeconds, undefined);
      assert.strictEqual(first.short.status, "completed");
    });

    it("past the bound, preview --diff shows the replacement with the job's end and the bound, offline", async function () {
      // wait until the short job's recorded end lies more than 2 s back
      const ended = Date.parse(String(first.short.updatedAt));
      assert.ok(Number.isFinite(ended), JSON.stringify(first.short));
      while (Date.now() - ended < 3500) await sleep(500);
      const before = h.sim.counters().requests;
      const r = await h.stack.preview(["--diff"]);
      const shown = `${r.stdout}\n${r.stderr}`;
      console.log(shown);
      assert.match(r.stdout, /1 to replace/);
      assert.match(r.stdout, /3 unchanged/); // the stack and the two fresh ones
      const reason = new RegExp(
        `job ${first.short.jobId} ended at ${String(first.short.updatedAt).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, ` +
          `\\d+s ago, longer than maxAgeSeconds \\(2s\\)`,
      );
      assert.match(shown, reason);
      assert.strictEqual(h.sim.counters().requests, before, "no API call in check or diff");
    });

    it("up runs a new job over the same scope; the others keep theirs", async function () {
      await h.stack.up();
      const next = (await h.stack.outputs()) as Outputs;
      assert.strictEqual(jobsCreated(h.sim), 4);
      assert.notStrictEqual(next.short.jobId, first.short.jobId);
      assert.strictEqual(next.short.status, "completed");
      assert.deepStrictEqual(next.short.domains, first.short.domains);
      assert.strictEqual(next.long.jobId, first.long.jobId);
      assert.strictEqual(next.none.jobId, first.none.jobId);
    });

    it("within the bound nothing changes", async function () {
      await h.setSpec({ long: spec.long, none: spec.none });
      const before = jobsCreated(h.sim);
      // drops `short` (delete of an ended job cancels nothing) ...
      await h.stack.up();
      // ... then the bound far away and no bound at all: no change
      await h.stack.up(["--expect-no-changes"]);
      assert.strictEqual(jobsCreated(h.sim), before);
    });
  });
