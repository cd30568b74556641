// One suite, two front ends: the engine's semantics (a failed job kept in state and replaced by the next up, a
// passed deadline resumed on the same job, refresh of a job CCKM no longer knows) through the dynamic resources
// (a Node program) and through the `cckm` plugin (a Pulumi YAML program), both from the same consumer install of
// the `npm pack` package, so that neither front end drifts from the other.
import * as assert from "assert";
import { consumerProject, NativeStack, nativeStack } from "./consumer";

const DSM_EU = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const DSM_US = "8376d8ce-43a4-44b0-9958-1d64d4a455bf";

interface FrontEnd {
  name: string;
  /** The type token of a kind in state. */
  type(kind: string): string;
  /** A program with one DsmDomainRefresh "dsm" over both domains; `timeoutSeconds` from stack config. */
  files: Record<string, string>;
}

const frontEnds: FrontEnd[] = [
  {
    name: "dynamic resources (TypeScript API)",
    type: (kind) => `pulumi-nodejs:dynamic/cckm:${kind}`,
    files: {
      "Pulumi.yaml": "name: semantics-dynamic\nruntime: nodejs\nmain: index.js\n",
      "package.json": JSON.stringify({ name: "semantics-dynamic", private: true, main: "index.js" }),
      "index.js": `const pulumi = require("@pulumi/pulumi");
const cckm = require("pulumi-cckm");
const timeoutSeconds = Number(new pulumi.Config().get("timeoutSeconds") ?? "600");
const dsm = new cckm.DsmDomainRefresh("dsm", { domains: ["${DSM_EU}", "${DSM_US}"], timeoutSeconds });
exports.jobId = dsm.jobId;
exports.status = dsm.status;
`,
    },
  },
  {
    name: "native provider (Pulumi YAML)",
    type: (kind) => `cckm:index:${kind}`,
    files: {
      "Pulumi.yaml": `name: semantics-native
runtime: yaml
plugins:
  providers:
    - name: cckm
      path: ./node_modules/pulumi-cckm/bin
config:
  timeoutSeconds:
    type: integer
    default: 600
resources:
  dsm:
    type: cckm:index:DsmDomainRefresh
    properties:
      domains: ["${DSM_EU}", "${DSM_US}"]
      timeoutSeconds: \${timeoutSeconds}
outputs:
  jobId: \${dsm.jobId}
  status: \${dsm.status}
`,
    },
  },
];

for (const fe of frontEnds) {
  describe(`engine semantics through the ${fe.name}`, function () {
    this.timeout(15 * 60_000);
    let s: NativeStack;
    const dsm = async () => (await s.stack.resources()).find((r) => r.type === fe.type("DsmDomainRefresh"));
    const created = () => s.sim.counters().jobsCreated.total;

    before(async function () {
      s = await nativeStack(await consumerProject(`semantics-${fe.type("x").split(":")[0]}`, fe.files));
    });
    after(async function () {
      await s?.dispose();
    });

    it("a failed job fails up naming the job and item, stays in state, and the next up replaces it", async function () {
      s.sim.control.configure({ failItems: { [DSM_EU]: "connection to DSM dsm-prod-eu refused" } });
      const r = await s.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      const m = /CCKM job ([0-9a-f-]{36}) ended completed with 1 failing item/.exec(r.output);
      assert.ok(m, r.output);
      assert.match(r.output, /connection to DSM dsm-prod-eu refused/);
      const failed = await dsm();
      assert.strictEqual(failed?.id, m[1]);
      assert.strictEqual(failed?.outputs?.status, "failed");

      s.sim.control.configure({ failItems: {} });
      const again = await s.stack.up();
      assert.match(again.output, /1 replaced/);
      const res = await dsm();
      assert.notStrictEqual(res?.id, m[1]);
      assert.strictEqual(res?.outputs?.status, "completed");
      assert.strictEqual(res?.outputs?.jobId, res?.id);
      assert.strictEqual(created(), 2);
    });

    it("a passed deadline keeps the job; the next up resumes waiting on it instead of starting another", async function () {
      await s.stack.destroy();
      s.sim.control.configure({ families: { dsm: { jobSeconds: 10 } } });
      await s.stack.setConfig("timeoutSeconds", "2");
      const r = await s.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      assert.match(r.output, /timed out after 2s/);
      const running = await dsm();
      assert.strictEqual(running?.outputs?.status, "in_progress");
      const before = created();
      await s.stack.setConfig("timeoutSeconds", "120");
      await s.stack.up();
      const done = await dsm();
      assert.strictEqual(done?.id, running?.id);
      assert.strictEqual(done?.outputs?.status, "completed");
      assert.strictEqual(created(), before, "no second job");
      s.sim.control.configure({ families: {} });
    });

    it("refresh drops a job CCKM no longer knows", async function () {
      assert.ok(await dsm());
      await s.sim.control.reset();
      await s.stack.refresh();
      assert.strictEqual(await dsm(), undefined);
    });
  });
}
