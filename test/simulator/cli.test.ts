/** The cckm-sim command: the listening line first, flags, --ca-out, --help, clean stop on SIGTERM and SIGINT. */
import { strict as assert } from "assert";
import { spawn, spawnSync, type ChildProcess } from "child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { parseArgs } from "../../simulator/cli";
import { kebab, SETTINGS } from "../../simulator/settings";

const ROOT = path.resolve(__dirname, "../..");
const CLI = ["-r", "ts-node/register/transpile-only", path.join(ROOT, "simulator/cli.ts")];

function start(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "1" },
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const first = out.split("\n")[0];
      if (out.includes("\n")) {
        const m = /^cckm-sim listening on (\S+)$/.exec(first);
        if (m) resolve({ child, url: m[1], out: () => out });
        else reject(new Error(`first line: ${first}`));
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("simulator: cckm-sim command", function () {
  this.timeout(60000);

  it("parses flags and environment into one vocabulary (per-family and repeatable values)", () => {
    const o = parseArgs(
      [
        "--port",
        "0",
        "--http",
        "--job-seconds",
        "2",
        "--job-seconds",
        "google=7",
        "--fail-items",
        "a=boom",
        "--fail-items=b=bang",
        "--cancel-ended",
        "noop",
      ],
      { CCKM_SIM_TOKEN_SECONDS: "60", CCKM_SIM_JOB_SECONDS: "9" },
    );
    assert.deepEqual(o, {
      tokenSeconds: 60,
      jobSeconds: 2,
      port: 0,
      http: true,
      families: { google: { jobSeconds: 7 } },
      failItems: { a: "boom", b: "bang" },
      cancelEnded: "noop",
    });
    assert.equal(parseArgs(["--help"]), undefined);
    assert.throws(() => parseArgs(["--job-seconds", "soon"]), /jobSeconds/);
    assert.throws(() => parseArgs(["--warp"]), /unknown option --warp/);
    assert.throws(() => parseArgs(["--job-polls", "google=1.5"], {}), /--job-polls: jobPolls: expected an integer/);
    assert.throws(() => parseArgs(["--cloud", "gcp"], {}), /cloud: expected <family>=<value>/);
    assert.throws(() => parseArgs(["--port"], {}), /--port needs a value/);
    assert.deepEqual(parseArgs(["--http=false", "--quiet"], {}), { http: false, quiet: true });
    assert.deepEqual(parseArgs(["--faults", "0.25", "--fault-seed", "3"], {}), { faults: 0.25, faultSeed: 3 });
    const dir = mkdtempSync(path.join(tmpdir(), "cckm-sim-rules-"));
    const rules = path.join(dir, "rules.json");
    writeFileSync(rules, JSON.stringify([{ path: "/api/**", status: 503, probability: 0.1 }]));
    assert.deepEqual(parseArgs(["--faults", rules], {}), {
      faults: [{ path: "/api/**", status: 503, probability: 0.1 }],
    });
    assert.throws(() => parseArgs(["--faults", "/no/such/file.json"], {}), /--faults/);
  });

  it("prints the listening line first, serves, never prints a non-default password, stops on SIGTERM", async () => {
    const { child, url, out } = await start([
      "--port",
      "0",
      "--http",
      "--password",
      "n0t-the-default",
      "--job-seconds",
      "1",
    ]);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/v1/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "password", username: "admin", password: "n0t-the-default" }),
    });
    assert.equal(res.status, 200);
    const cfg = (await (await fetch(`${url}/sim/config`)).json()) as { jobSeconds: number };
    assert.equal(cfg.jobSeconds, 1);
    child.kill("SIGTERM");
    assert.equal(await exited(child), 0);
    assert.ok(!out().includes("n0t-the-default"));
  });

  it("HTTPS with --ca-out, default admin login printed, stops on SIGINT", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cckm-sim-cli-"));
    const ca = path.join(dir, "ca.pem");
    const { child, url, out } = await start(["--port", "0", "--ca-out", ca]);
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(existsSync(ca));
    assert.match(readFileSync(ca, "utf8"), /BEGIN CERTIFICATE/);
    await new Promise((r) => setTimeout(r, 100));
    assert.match(out(), /admin \/ admin/);
    child.kill("SIGINT");
    assert.equal(await exited(child), 0);
  });

  it("--help prints usage; a bad flag exits 2", () => {
    const help = spawnSync(process.execPath, [...CLI, "--help"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(help.status, 0);
    for (const flag of [
      "--port",
      "--host",
      "--http",
      "--username",
      "--password",
      "--seed",
      "--ca-out",
      "--job-seconds",
      "--token-seconds",
      "--faults",
      "--fault-seed",
    ]) {
      assert.ok(help.stdout.includes(flag), flag);
    }
    // Generated from the one settings table: every setting has its flag and its help text.
    for (const s of SETTINGS)
      assert.ok(help.stdout.includes(`--${kebab(s.name)}`) && help.stdout.includes(s.help), s.name);
    const bad = spawnSync(process.execPath, [...CLI, "--nope"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(bad.status, 2);
  });
});
