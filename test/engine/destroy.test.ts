// Destroy and refresh against what CCKM has: a running job is cancelled and waited for until CCKM settles it
// (abort: true, then completed); ended and unknown jobs are deleted without error; a job CCKM no longer knows
// leaves the state on refresh.
import * as assert from "assert";
import { frontEndTitle, frontEnds } from "../frontends";
import { harness, Harness, ResourceSpec } from "./provider-harness";

const RING_US = "projects/acme-payments-prod/locations/us-east1/keyRings/payments-us";
const VAULT = "kv-payments-prod";

for (const frontEnd of frontEnds())
  describe(`provider destroy and refresh through the engine, ${frontEndTitle(frontEnd)}`, function () {
    let h: Harness;
    const spec: Record<string, ResourceSpec> = {
      running: { kind: "GoogleKeySync", args: { keyRings: [RING_US], timeoutSeconds: 3 } },
    };

    before(async function () {
      h = await harness("destroy", spec, {
        sim: { jobSeconds: 1, families: { google: { jobSeconds: 60 } }, cancelSeconds: 1 },
        frontEnd,
      });
    });
    after(async function () {
      await h?.dispose();
    });

    it("destroy of a running job cancels it and waits until CCKM settles it", async function () {
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0, "the 2 s deadline passes while the 60 s job runs");
      const [res] = await h.resources();
      assert.strictEqual(res.outputs?.status, "in_progress");
      const jobId = res.id!;
      const d = await h.stack.destroy();
      assert.match(d.output, new RegExp(`cancelling CCKM job ${jobId}`));
      assert.match(d.output, new RegExp(`CCKM job ${jobId} settled \\(completed\\)`));
      assert.strictEqual(h.sim.counters().cancels, 1);
      const job = h.sim.jobs().find((j) => j.id === jobId)!;
      assert.strictEqual(job.abort, true);
      assert.strictEqual(job.overall_status, "completed");
      assert.deepStrictEqual(await h.resources(), []);
    });

    it("refresh drops a job CCKM no longer knows; destroy of an unknown job succeeds", async function () {
      await h.setSpec({
        a: { kind: "AzureKeySync", args: { keyVaults: [VAULT] } },
        b: { kind: "OciKeySync", args: { vaults: ["oci-vault-ashburn"] } },
      });
      await h.stack.up();
      assert.strictEqual((await h.resources()).length, 2);
      h.sim.control.reset(); // CCKM forgets every job
      const r = await h.stack.refresh();
      assert.match(r.stdout, /deleted/);
      assert.deepStrictEqual(await h.resources(), []);

      await h.stack.up();
      h.sim.control.reset();
      await h.stack.destroy();
      assert.deepStrictEqual(await h.resources(), []);
    });

    it("a cancelled (aborted) job is reported as cancelled by refresh, and the next up replaces it with a new job", async function () {
      h.sim.control.configure({ families: { azure: { jobSeconds: 60 } } });
      await h.setSpec({ a: { kind: "AzureKeySync", args: { keyVaults: [VAULT], timeoutSeconds: 2 } } });
      await h.stack.up([], { allowFailure: true });
      const [res] = await h.resources();
      // someone cancels the job on CCKM (the simulator's /cancel endpoint, as any client would)
      const token = await fetchToken(h);
      await fetchJson(h, `/api/v1/cckm/azure/synchronization-jobs/${res.id}/cancel`, token, "POST");
      await new Promise((r) => setTimeout(r, 2500));
      await h.stack.refresh();
      const [after] = await h.resources();
      assert.strictEqual(after.outputs?.status, "cancelled");
      assert.strictEqual(after.outputs?.aborted, true);
      h.sim.control.configure({ families: { azure: { jobSeconds: 1 } } });
      const created = h.sim.counters().jobsCreated.total;
      await h.setSpec({ a: { kind: "AzureKeySync", args: { keyVaults: [VAULT], timeoutSeconds: 60 } } });
      await h.stack.up();
      assert.strictEqual(h.sim.counters().jobsCreated.total, created + 1);
      const out = (await h.stack.outputs()).a as Record<string, unknown>;
      assert.strictEqual(out.status, "completed");
      const [replaced] = await h.resources();
      assert.strictEqual(replaced.id, out.jobId, "the resource id is its job's id");
      assert.notStrictEqual(replaced.id, res.id);
    });
  });

async function fetchToken(h: Harness): Promise<string> {
  const res = (await fetchJson(h, "/api/v1/auth/tokens", undefined, "POST", {
    grant_type: "password",
    username: "admin",
    password: "admin",
  })) as { jwt: string };
  return res.jwt;
}

async function fetchJson(
  h: Harness,
  path: string,
  token: string | undefined,
  method: string,
  body?: unknown,
): Promise<unknown> {
  const https = await import("https");
  const url = new URL(h.sim.url + path);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        ca: h.sim.caCert,
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text ? JSON.parse(text) : undefined));
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
