// Issue 6, point 5: after `up` (one failing, then a good one), `refresh` and `destroy`, with every connection
// setting given, no token appears anywhere, and the password and refresh token only where the engine keeps stack
// config: as Pulumi secrets in the default `pulumi:providers:pulumi-nodejs` entry (ciphertext in `stack export`,
// plain only with --show-secrets). Given through the environment instead, they are nowhere in state. The engine's
// own debug log (-v=9) shows config secrets in its Configure request to the provider: reported, and checked to be
// only there; through the environment they are not in it either.
import * as assert from "assert";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { ExportedState, RunResult } from "../../scripts/engine";
import { FrontEnd, frontEndTitle, frontEnds, providerType } from "../frontends";
import { AZURE, DSM, GOOGLE } from "./fixtures";
import { Rig, rig, Spec } from "./helpers";

const PASSWORD = "S3cret-Pa55w0rd-91f2";
/** Any JWT (the simulator signs HS256 ones; the pattern finds any JWT whatever its issuer). */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g;
/** Anything shaped like the simulator's refresh tokens (the checkpoint's own sha256 `magic` is one too). */
const HEX64 = /\b[0-9a-f]{64}\b/g;

const spec: Spec = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
  rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
  vault: { kind: "AzureKeySync", args: { keyVaults: [AZURE[0]] } },
};

function grant(url: string, ca: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${url}/api/v1/auth/tokens`,
      { method: "POST", ca, headers: { "Content-Type": "application/json" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** A refresh token from the simulator (the way an admin would get one for a pipeline). */
async function refreshToken(url: string, ca: string): Promise<string> {
  const res = await grant(url, ca, { grant_type: "password", username: "admin", password: PASSWORD });
  return String(res.body.refresh_token);
}

/**
 * The 64-hex strings of `text` that the simulator takes as refresh tokens: the refresh tokens it issued to the
 * provider are unknown to the test, so every candidate is tried (a leaked one would still be valid).
 */
async function liveRefreshTokens(url: string, ca: string, text: string): Promise<number> {
  let live = 0;
  for (const candidate of new Set(text.match(HEX64) ?? [])) {
    if ((await grant(url, ca, { grant_type: "refresh_token", refresh_token: candidate })).status === 200) live++;
  }
  return live;
}

function occurrences(haystack: string, needle: string | RegExp): number {
  if (typeof needle === "string") return haystack.split(needle).length - 1;
  return (haystack.match(needle) ?? []).length;
}

/** Every file under a folder, concatenated (the file backend keeps history and backups besides the checkpoint). */
function treeText(dir: string): string {
  let out = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), "utf8");
  }
  return out;
}

interface Findings {
  outputs: string;
  engineDebugLog: string;
  simLog: string;
  exported: ExportedState;
  exportedShown: ExportedState;
  backend: string;
  programDir: string;
}

async function fullRun(r: Rig, forceFailure: boolean): Promise<Findings> {
  const runs: RunResult[] = [];
  if (forceFailure) {
    // one job fails: its error message is part of what is searched
    r.sim.control.configure({ failItems: { [AZURE[0]]: "vault unreachable (simulated)" } });
    const failed = await r.stack.up([], { allowFailure: true });
    assert.notStrictEqual(failed.code, 0);
    assert.match(failed.output, /vault unreachable/);
    runs.push(failed);
    r.sim.control.configure({ failItems: null });
    // the next provider process finds its refresh token refused and falls back to the password grant
    r.sim.control.revokeRefreshTokens();
  }
  runs.push(await r.stack.up());
  // the engine's own debug log (-v=9: gRPC traffic with the provider) is searched apart
  const verbose = await r.stack.refresh(["--logtostderr", "--logflow", "-v=9"]);
  const exported = await r.stack.exportState();
  const exportedShown = await r.stack.exportState({ showSecrets: true });
  runs.push(await r.stack.destroy());
  return {
    outputs: runs.map((x) => x.output).join("\n"),
    engineDebugLog: verbose.output,
    simLog: JSON.stringify(r.sim.requestLog()),
    exported,
    exportedShown,
    backend: treeText(r.stack.backendDir),
    programDir: treeText(r.programDir),
  };
}

/** Occurrences of `needle` per resource type of a deployment. */
function perType(state: ExportedState, needle: string | RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const res of state.deployment.resources ?? []) {
    const n = occurrences(JSON.stringify(res), needle);
    if (n) counts[res.type] = (counts[res.type] ?? 0) + n;
  }
  return counts;
}

/** A `cckm:*` setting's key among the default provider's inputs (the dynamic provider gets the whole config). */
const providerInput = (fe: FrontEnd, key: string) => (fe === "dynamic" ? key : key.replace(/^cckm:/, ""));

for (const frontEnd of frontEnds())
  describe(`reliability: secrets stay secret (${frontEndTitle(frontEnd)})`, function () {
    let r: Rig | undefined;

    afterEach(async function () {
      await r?.dispose();
      r = undefined;
    });

    it("with every setting in stack config: password and refresh token only as secrets of the default provider", async function () {
      r = await rig("secrets-config", spec, { sim: { password: PASSWORD }, noConnectionConfig: true, frontEnd });
      const refresh = await refreshToken(r.sim.url, r.sim.caCert);
      const config: [string, string, boolean][] = [
        ["cckm:address", r.sim.url, false],
        ["cckm:username", "admin", false],
        ["cckm:password", PASSWORD, true],
        ["cckm:domain", "root", false],
        ["cckm:authDomain", "root", false],
        ["cckm:refreshToken", refresh, true],
        ["cckm:caCert", r.caFile, false],
        ["cckm:insecureSkipVerify", "false", false],
      ];
      for (const [k, v, secret] of config) await r.stack.setConfig(k, { value: v, secret });
      const f = await fullRun(r, true);
      const c = r.sim.counters();
      const report: Record<string, Record<string, unknown>> = {};
      for (const [name, needle] of [
        ["password", PASSWORD],
        ["refresh token", refresh],
        ["JWT", JWT],
      ] as const) {
        report[name] = {
          cli: occurrences(f.outputs, needle),
          engineDebugLog: occurrences(f.engineDebugLog, needle),
          simLog: occurrences(f.simLog, needle),
          export: occurrences(JSON.stringify(f.exported), needle),
          exportShowSecrets: perType(f.exportedShown, needle),
          backendFiles: occurrences(f.backend, needle),
          programDir: occurrences(f.programDir, needle),
        };
      }
      const everything = [
        f.outputs,
        f.engineDebugLog,
        f.simLog,
        JSON.stringify(f.exported),
        f.backend,
        f.programDir,
      ].join("\n");
      const issued = await liveRefreshTokens(r.sim.url, r.sim.caCert, everything);
      console.log(
        `      secrets (config): grants ${JSON.stringify(c.authGrants)}; matches ${JSON.stringify(report)}; ` +
          `valid refresh tokens found outside --show-secrets: ${issued}`,
      );
      assert.strictEqual(issued, 0, "no refresh token issued to the provider shows anywhere");
      assert.ok(c.authGrants.refresh_token >= 1 && c.authGrants.password >= 1, "both grants were used");
      for (const [name, value] of [
        ["password", PASSWORD],
        ["refresh token", refresh],
      ]) {
        const m = report[name];
        assert.strictEqual(m.cli, 0, `${name} in the CLI output`);
        // the engine logs the Configure request it sends to the provider at -v=9, config secrets in plain text:
        // the engine's doing, like the provider entry in state; given through the environment they never show
        // (the dynamic provider is configured with the whole stack config, cckm:password; the plugin with its own keys)
        const key = frontEnd === "dynamic" ? "cckm:\\w+" : "password|refreshToken";
        const configure = new RegExp(
          `Marshaling property for RPC\\[Provider\\[\\w+\\]\\.Configure\\(\\)\\.inputs\\]: (${key}|value)=`,
        );
        const debugLines = f.engineDebugLog.split("\n").filter((l) => l.includes(value));
        for (const line of debugLines) assert.match(line, configure);
        assert.strictEqual(m.simLog, 0, `${name} in the simulator's log`);
        assert.strictEqual(m.export, 0, `${name} in plain text in stack export`);
        assert.strictEqual(m.backendFiles, 0, `${name} in plain text in the backend's files`);
        assert.strictEqual(m.programDir, 0, `${name} in plain text in the program folder (Pulumi.dev.yaml)`);
        assert.deepStrictEqual(
          Object.keys(m.exportShowSecrets as object),
          [providerType(frontEnd)],
          `${name} with --show-secrets: only in the default provider`,
        );
      }
      const m = report.JWT;
      assert.deepStrictEqual(
        [m.cli, m.engineDebugLog, m.simLog, m.export, m.backendFiles, m.programDir, m.exportShowSecrets],
        [0, 0, 0, 0, 0, 0, {}],
        "no JWT anywhere",
      );
      // the provider entry holds them as Pulumi secrets
      const provider = (f.exported.deployment.resources ?? []).find((x) => x.type === providerType(frontEnd));
      const secretSig = "4dabf18193072939515e22adb298388d";
      for (const key of ["cckm:password", "cckm:refreshToken"]) {
        const v = provider?.inputs?.[providerInput(frontEnd, key)] as Record<string, unknown> | undefined;
        assert.ok(v && v[secretSig] && typeof v.ciphertext === "string", `${key} is a secret in the provider entry`);
      }
      // and no job resource has a connection setting among its inputs or outputs
      const jobType = r.type("");
      const jobs = (f.exportedShown.deployment.resources ?? []).filter((x) => x.type.startsWith(jobType));
      assert.strictEqual(jobs.length, Object.keys(spec).length);
      for (const res of jobs) {
        const text = JSON.stringify({ i: res.inputs, o: res.outputs });
        for (const setting of [PASSWORD, refresh, r.sim.url, r.caFile, "BEGIN CERTIFICATE", "cckm:", "CIPHERTRUST_"]) {
          assert.ok(!text.includes(setting), `${res.urn} holds no connection setting (${setting.slice(0, 12)}...)`);
        }
      }
    });

    it("with every setting in the environment: nowhere in state or output", async function () {
      r = await rig("secrets-env", spec, { sim: { password: PASSWORD }, noConnectionConfig: true, frontEnd });
      const refresh = await refreshToken(r.sim.url, r.sim.caCert);
      const env = {
        CIPHERTRUST_ADDRESS: r.sim.url,
        CIPHERTRUST_USERNAME: "admin",
        CIPHERTRUST_PASSWORD: PASSWORD,
        CIPHERTRUST_DOMAIN: "root",
        CIPHERTRUST_AUTH_DOMAIN: "root",
        CIPHERTRUST_REFRESH_TOKEN: refresh,
        CIPHERTRUST_CA_CERT: r.caFile,
        CIPHERTRUST_INSECURE_SKIP_VERIFY: "false",
      };
      Object.assign(r.stack.env, env);
      const f = await fullRun(r, false);
      const report: Record<string, number[]> = {};
      for (const [name, needle] of [
        ["password", PASSWORD],
        ["refresh token", refresh],
        ["JWT", JWT],
      ] as const) {
        report[name] = [
          occurrences(f.outputs, needle),
          occurrences(f.engineDebugLog, needle),
          occurrences(f.simLog, needle),
          occurrences(JSON.stringify(f.exported), needle),
          occurrences(JSON.stringify(f.exportedShown), needle),
          occurrences(f.backend, needle),
          occurrences(f.programDir, needle),
        ];
      }
      const everything = [f.outputs, f.engineDebugLog, f.simLog, JSON.stringify(f.exportedShown), f.backend].join("\n");
      const issued = await liveRefreshTokens(r.sim.url, r.sim.caCert, everything);
      console.log(
        `      secrets (environment): grants ${JSON.stringify(r.sim.counters().authGrants)}; matches ` +
          `[cli, engine -v=9 log, simLog, export, export --show-secrets, backend files, program dir] ` +
          `${JSON.stringify(report)}; ` +
          `valid refresh tokens found: ${issued}`,
      );
      for (const [name, counts] of Object.entries(report)) assert.deepStrictEqual(counts, [0, 0, 0, 0, 0, 0, 0], name);
      assert.strictEqual(issued, 0);
    });
  });
