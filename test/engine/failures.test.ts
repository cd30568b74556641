// Failed, timed-out and refused jobs through the real engine: the error names the job, its failing items and
// CCKM's messages; the job id stays in state and the next `up` replaces it with a new job (failed) or resumes waiting on
// the same one (timed out). Bad input fails at preview, naming the property, without any request.
import * as assert from "assert";
import { engineRuns, frontEndTitle } from "../frontends";
import { harness, Harness, jobsCreated, ResourceSpec } from "./provider-harness";

const DSM_EU = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const DSM_US = "8376d8ce-43a4-44b0-9958-1d64d4a455bf";
const RING_DEMO = "33acf77f-10df-4cdf-892c-bd965a84ae6c";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

for (const { frontEnd, profile } of engineRuns(true))
  describe(`provider failures through the engine, ${frontEndTitle(frontEnd)} (${profile} CM)`, function () {
    let h: Harness;
    const spec: Record<string, ResourceSpec> = {
      dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM_EU, DSM_US] } },
    };

    before(async function () {
      h = await harness(`failures-${profile}`, spec, { sim: { profile, jobSeconds: 1 }, frontEnd });
    });
    after(async function () {
      await h?.dispose();
    });

    it("bad input fails at preview naming each property, with no request at all", async function () {
      // the engine stops a preview at the first resource that fails check, so one bad resource per preview
      const cases: [ResourceSpec, string[]][] = [
        [
          {
            kind: "SapKeyJob",
            args: { keyID: "b707ea86-37bb-4212-ad09-2635698dbe4a", operation: "purge", timeoutSeconds: -5 },
          },
          ["keyID", "keyId", "operation", "timeoutSeconds"],
        ],
        [{ kind: "DsmDomainRefresh", args: { domains: [DSM_EU, 3] } }, ["domains\\[1\\]"]],
        [{ kind: "OciKeySync", args: { vaults: ["a"], synchronizeAll: true } }, ["vaults"]],
      ];
      const before = h.sim.counters().requests;
      try {
        for (const [bad, props] of cases) {
          await h.setSpec({ ...spec, bad });
          const r = await h.stack.preview([], { allowFailure: true });
          assert.notStrictEqual(r.code, 0);
          for (const prop of props) {
            assert.match(r.output, new RegExp(`resource 'bad': property ${prop} value .* has a problem`), r.output);
          }
        }
      } finally {
        await h.setSpec(spec);
      }
      assert.strictEqual(h.sim.counters().requests, before, "preview made no request");
    });

    it("a partly failed job fails up naming the job, the item and CCKM's message; the next up replaces it with a new job", async function () {
      h.sim.control.configure({ failItems: { [DSM_EU]: "connection to DSM dsm-prod-eu refused" } });
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      const m = /CCKM job ([0-9a-f-]{36}) ended completed with 1 failing item: ([^\n]*)/.exec(r.output);
      assert.ok(m, r.output);
      assert.match(m[2], new RegExp(`${DSM_EU}: connection to DSM dsm-prod-eu refused`));
      const [res] = await h.resources();
      assert.strictEqual(res.id, m[1], "the job id stays in state");
      assert.strictEqual(res.outputs?.status, "failed");
      if (h.frontEnd === "dynamic")
        assert.strictEqual(typeof res.outputs?.__provider, "string", "refresh/destroy keep working");
      assert.strictEqual(jobsCreated(h.sim), 1);

      h.sim.control.configure({ failItems: {} });
      const preview = await h.stack.preview(["--diff"]);
      assert.match(preview.stdout, /\+-1 to replace/, "a failed job is replaced (a new job is a new resource)");
      await h.stack.up();
      assert.strictEqual(jobsCreated(h.sim), 2, "a new job");
      const out = (await h.stack.outputs()).dsm as Record<string, unknown>;
      assert.strictEqual(out.status, "completed");
      assert.notStrictEqual(out.jobId, m[1]);
      const [replaced] = await h.resources();
      assert.strictEqual(replaced.id, out.jobId, "the resource id is its job's id");
      await h.stack.up(["--expect-no-changes"]);
    });

    it("a totally failed job fails up with CCKM's message; fixed, the next up succeeds", async function () {
      h.sim.control.configure({ failItems: { [RING_DEMO]: "permission denied on key ring demo-key-ring" } });
      const next = { ...spec, google: { kind: "GoogleKeySync", args: { keyRings: [RING_DEMO] } } };
      await h.setSpec(next);
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      assert.match(
        r.output,
        /GoogleKeySync "google": CCKM job [0-9a-f-]{36} ended failed with 1 failing item: .*permission denied on key ring demo-key-ring/,
      );
      h.sim.control.configure({ failItems: {} });
      await h.stack.up();
      assert.strictEqual(((await h.stack.outputs()).google as Record<string, unknown>).status, "completed");
    });

    it("a passed deadline fails up naming the job; the next up resumes waiting on the same job", async function () {
      h.sim.control.configure({ families: { google: { jobSeconds: 25 } } });
      const slow = { kind: "GoogleKeySync", args: { keyRings: [RING_EU], timeoutSeconds: 2 } };
      await h.setSpec({ ...spec, slow });
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      const m = /GoogleKeySync "slow": timed out after 2s waiting for the job to end \(CCKM job ([0-9a-f-]{36})/.exec(
        r.output,
      );
      assert.ok(m, r.output);
      const jobsForRing = () =>
        h.sim.jobs().filter((j) => j.family === "google" && JSON.stringify(j.key_rings).includes("payments-eu"));
      assert.strictEqual(jobsForRing().length, 1);

      await h.setSpec({ ...spec, slow: { kind: "GoogleKeySync", args: { keyRings: [RING_EU], timeoutSeconds: 60 } } });
      const r2 = await h.stack.up();
      assert.match(r2.output, new RegExp(`resuming the wait on CCKM job ${m[1]}|CCKM job ${m[1]} completed meanwhile`));
      assert.strictEqual(jobsForRing().length, 1, "one job in the simulator, not two");
      const out = (await h.stack.outputs()).slow as Record<string, unknown>;
      assert.strictEqual(out.status, "completed");
      assert.strictEqual(out.jobId, m[1]);
      h.sim.control.configure({ families: { google: { jobSeconds: 1 } } });
    });

    it("scope items CCKM does not know fail with CCKM's 404 message naming the item", async function () {
      const ghost = "0badc0de-0000-4000-8000-000000000000";
      await h.setSpec({ ...spec, ghost: { kind: "DsmDomainRefresh", args: { domains: [ghost] } } });
      const jobs = jobsCreated(h.sim);
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      assert.match(
        r.output,
        new RegExp(
          `DsmDomainRefresh "ghost": CCKM POST /api/v1/cckm/dsm/refresh answered HTTP 404 NCERRResourceNotFound: .*${ghost}`,
        ),
      );
      assert.strictEqual(jobsCreated(h.sim), jobs);
      assert.ok(!(await h.resources()).some((x) => x.urn.endsWith("::ghost")), "nothing in state");
      assert.ok(UUID.test(ghost));
    });
  });
