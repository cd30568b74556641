// `pulumi import cckm:index:<Kind> <name> <job id>`: a job that ran outside Pulumi is adopted into a stack (the
// dynamic resources cannot be imported, pulumi/pulumi#16175), and refresh then reads it from CCKM.
import * as assert from "assert";
import { clientFor } from "../../provider/client/client";
import { resolveSettings } from "../../provider/client/settings";
import { Deadline } from "../../provider/core/deadline";
import { consumerProject, NativeStack, nativeStack, PASSWORD, USERNAME } from "./consumer";

const project = `name: cckm-import
runtime: yaml
plugins:
  providers:
    - name: cckm
      path: ./node_modules/pulumi-cckm/bin
resources: {}
`;

describe("native provider: pulumi import of a finished job", function () {
  this.timeout(10 * 60_000);
  let s: NativeStack;

  before(async function () {
    s = await nativeStack(await consumerProject("import", { "Pulumi.yaml": project }));
  });
  after(async function () {
    await s?.dispose();
  });

  it("adopts the job with its scope as inputs, and refresh shows it", async function () {
    // a job started by someone else, through the API
    const client = clientFor(
      resolveSettings(
        {
          "cckm:address": s.sim.url,
          "cckm:caCert": s.sim.caCert,
          "cckm:username": USERNAME,
          "cckm:password": PASSWORD,
        },
        {},
      ),
    );
    const started = (
      await client.request("POST", "/v1/cckm/oci/synchronization-jobs", {
        body: { vaults: ["oci-vault-frankfurt"] },
        deadline: Deadline.after(60),
      })
    ).data as { id: string; vaults: string[] };
    const jobId = started.id;
    // CCKM keeps the vault by its id: that is the scope the import reads back
    const stored = started.vaults;
    assert.strictEqual(stored.length, 1);
    await new Promise((r) => setTimeout(r, 2500)); // jobSeconds: 1

    const imported = await s.stack.run(["import", "cckm:index:OciKeySync", "vaults", jobId, "--yes", "--stack", "dev"]);
    assert.match(imported.output, /1 imported/);
    // the code the CLI generates for the program names the scope read back from the job
    assert.ok(
      imported.output.includes(`type: cckm:OciKeySync\n    properties:\n      vaults:\n        - ${stored[0]}`),
    );
    const [res] = (await s.stack.resources()).filter((r) => r.type === "cckm:index:OciKeySync");
    assert.strictEqual(res.id, jobId);
    assert.strictEqual(res.outputs?.status, "completed");
    assert.deepStrictEqual(res.inputs?.vaults, stored);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 1, "import started no job");

    const refresh = await s.stack.refresh();
    assert.match(refresh.output, /1 unchanged|unchanged/);
    const [after] = (await s.stack.resources()).filter((r) => r.type === "cckm:index:OciKeySync");
    assert.strictEqual(after.outputs?.jobId, jobId);
    assert.strictEqual(after.outputs?.overallStatus, "completed");
  });
});
