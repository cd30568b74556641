/** `cckm-sim --nodes 3 --replication-lag-ms 800`: flags, environment, the printed addresses, a running cluster. */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import path from "path";
import { parseArgs, UsageError } from "../../simulator/cli";

const ROOT = path.resolve(__dirname, "../..");
const CLI = ["-r", "ts-node/register/transpile-only", path.join(ROOT, "simulator/cli.ts")];

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return res.json();
}

describe("simulator: cckm-sim cluster flags", function () {
  this.timeout(120_000);

  it("--nodes and --replication-lag-ms (and CCKM_SIM_NODES, CCKM_SIM_REPLICATION_LAG_MS) are read and checked", () => {
    assert.deepEqual(parseArgs(["--nodes", "3", "--replication-lag-ms", "800"], {}), {
      nodes: 3,
      replicationLagMs: 800,
    });
    assert.deepEqual(parseArgs([], { CCKM_SIM_NODES: "2", CCKM_SIM_REPLICATION_LAG_MS: "250" }), {
      nodes: 2,
      replicationLagMs: 250,
    });
    assert.throws(
      () => parseArgs(["--nodes", "0"], {}),
      (e: Error) => e instanceof UsageError && /nodes/.test(e.message),
    );
    assert.throws(() => parseArgs(["--nodes", "1.5"], {}), /--nodes: nodes: expected an integer/);
    assert.throws(() => parseArgs(["--replication-lag-ms", "-5"], {}), /replicationLagMs: must be at least 0/);
  });

  it("prints the load balancer first, then each node; serves the cluster; stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [...CLI, "--http", "--nodes", "3", "--replication-lag-ms", "800"], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (/^control API: /m.test(out)) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    try {
      const lines = out.split("\n");
      const lb = /^cckm-sim listening on (\S+)$/.exec(lines[0])?.[1];
      assert.ok(lb, `first line: ${lines[0]}`);
      assert.ok(lines.includes(`load balancer: ${lb} (round robin over the live nodes)`), out);
      const nodeUrls = lines.map((l) => /^node (\d): (\S+)$/.exec(l)?.[2]).filter((u) => u !== undefined);
      assert.equal(nodeUrls.length, 3, out);
      const listed = (await getJson(`${lb}/sim/nodes`)) as { url: string; up: boolean }[];
      assert.deepEqual(
        listed.map((n) => [n.url, n.up]),
        nodeUrls.map((u) => [u, true]),
      );
      const config = (await getJson(`${nodeUrls[1]}/sim/config`)) as { replicationLagMs: number };
      assert.equal(config.replicationLagMs, 800);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0);
  });
});
