// The runtime (what the provider process runs) against the live simulator over HTTPS, without the engine: TLS,
// tokens, overlap (409), adoption, faults, unknown SAP states.
import * as assert from "assert";
import * as https from "https";
import type { AddressInfo } from "net";
import { generateTls } from "../../simulator/tls";
import * as runtime from "../../provider/runtime";
import { startSimulator } from "../../simulator";
import { configureRuntimeFor } from "./configure";
import type { Simulator, SimulatorOptions } from "../../simulator";

const DSM_EU = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const DSM_US = "8376d8ce-43a4-44b0-9958-1d64d4a455bf";
const DSM_STAGING = "d9fcff17-2d1a-4f55-bde0-8072bb2f2985";

type Props = Record<string, unknown>;

describe("runtime against the live simulator", function () {
  let sim: Simulator;
  const lines: string[] = [];
  const errors: string[] = [];
  const saved = { log: console.log, error: console.error };

  async function start(opts: SimulatorOptions, config: Props = {}) {
    sim = await startSimulator({ port: 0, jobSeconds: 1, quiet: true, ...opts });
    await configureRuntimeFor(sim, config);
  }

  async function create(kind: string, news: Props) {
    const { inputs, failures } = await runtime.check(kind, {}, { __cckmName: "t", ...news });
    assert.deepStrictEqual(failures, []);
    return runtime.create(kind, inputs);
  }

  before(() => {
    process.env.CCKM_POLL_INITIAL_MS = "200";
    process.env.CCKM_POLL_MAX_MS = "500";
    process.env.CCKM_PROGRESS_SECONDS = "1";
    console.log = (l: string) => lines.push(String(l));
    console.error = (l: string) => errors.push(String(l));
  });
  after(() => {
    Object.assign(console, saved);
    for (const k of ["CCKM_POLL_INITIAL_MS", "CCKM_POLL_MAX_MS", "CCKM_PROGRESS_SECONDS"]) delete process.env[k];
  });
  afterEach(async () => {
    lines.length = 0;
    errors.length = 0;
    await sim?.stop();
  });

  it("without caCert, a self-signed CCKM fails with a message that says how to fix it", async function () {
    await start({}, { "cckm:caCert": "" });
    await assert.rejects(create("DsmDomainRefresh", { domains: [DSM_EU] }), (err: Error) => {
      assert.match(err.message, /DsmDomainRefresh "t": .*not trusted.*cckm:caCert.*CIPHERTRUST_CA_CERT/);
      return true;
    });
    assert.strictEqual(sim.counters().jobsCreated.total, 0);
  });

  it("a certificate for another host name fails, saying so", async function () {
    await start({});
    // a server on 127.0.0.2 with a certificate that names 127.0.0.1, localhost and ::1 only
    const { key, cert, caCert } = generateTls(["127.0.0.1"]);
    const server = https.createServer({ key, cert }, (_req, res) => res.end("{}"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.2", () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      await configureRuntimeFor({ url: `https://127.0.0.2:${port}`, caCert });
      await assert.rejects(
        create("DsmDomainRefresh", { domains: [DSM_EU] }),
        /ERR_TLS_CERT_ALTNAME_INVALID.*does not name the host/,
      );
    } finally {
      server.close();
    }
  });

  it("insecureSkipVerify works and warns once per address", async function () {
    await start({}, { "cckm:caCert": "", "cckm:insecureSkipVerify": "true" });
    await create("DsmDomainRefresh", { domains: [DSM_EU] });
    await create("DsmDomainRefresh", { domains: [DSM_US] });
    assert.strictEqual(errors.filter((e) => /TLS verification is off/.test(e)).length, 1);
  });

  it("renews short-lived tokens with the refresh grant: one password grant for the whole process", async function () {
    await start({ tokenSeconds: 3, jobSeconds: 8 });
    const [a, b] = await Promise.all([
      create("DsmDomainRefresh", { domains: [DSM_EU] }),
      create("GoogleKeySync", { synchronizeAll: true }),
    ]);
    assert.strictEqual(a.outs.status, "completed");
    assert.strictEqual(b.outs.status, "completed");
    const grants = sim.counters().authGrants;
    assert.strictEqual(grants.password, 1, JSON.stringify(grants));
    assert.ok(grants.refresh_token >= 2, JSON.stringify(grants));
  });

  it("a revoked refresh token falls back to the password grant", async function () {
    await start({ tokenSeconds: 3, jobSeconds: 5 });
    const p = create("DsmDomainRefresh", { domains: [DSM_EU] });
    await new Promise((r) => setTimeout(r, 500));
    sim.control.revokeRefreshTokens();
    assert.strictEqual((await p).outs.status, "completed");
    const grants = sim.counters().authGrants;
    assert.ok(grants.password >= 2, JSON.stringify(grants));
  });

  it("a wrong password fails fast, naming the user and the address, never the password", async function () {
    await start({}, { "cckm:password": "not-the-password" });
    const t = Date.now();
    await assert.rejects(create("DsmDomainRefresh", { domains: [DSM_EU] }), (err: Error) => {
      assert.match(err.message, /refused the credentials of user "admin"/);
      assert.ok(err.message.includes(sim.url));
      assert.ok(!err.message.includes("not-the-password"));
      return true;
    });
    assert.ok(Date.now() - t < 5000);
    assert.strictEqual(sim.counters().authGrants.failed, 1);
  });

  it("409 overlap: the same scope is adopted, another scope waits for the running job and then starts", async function () {
    // a lone start refused by CM (with sharing on, the three would share one job: test/reliability/coalesce.test.ts)
    await start({ overlap: "conflict", jobSeconds: 3 }, { "cckm:coalesce": "false" });
    const first = create("DsmDomainRefresh", { domains: [DSM_EU] });
    await new Promise((r) => setTimeout(r, 300));
    const [a, same, wider] = await Promise.all([
      first,
      create("DsmDomainRefresh", { domains: [DSM_EU] }),
      create("DsmDomainRefresh", { domains: [DSM_EU, DSM_STAGING] }),
    ]);
    assert.strictEqual(same.id, a.id, "adopted");
    assert.notStrictEqual(wider.id, a.id);
    assert.strictEqual(sim.counters().jobsCreated.total, 2);
    assert.ok(
      lines.some((l) => /409 NCERRConflict/.test(l)),
      lines.join("\n"),
    );
  });

  it("a running synchronizeAll job is adopted (its scope is the whole inventory)", async function () {
    await start({ jobSeconds: 3 });
    const first = create("AzureKeySync", { synchronizeAll: true });
    await new Promise((r) => setTimeout(r, 300));
    const [a, b] = await Promise.all([first, create("AzureKeySync", { synchronizeAll: true })]);
    assert.strictEqual(b.id, a.id);
    assert.strictEqual(sim.counters().jobsCreated.total, 1);
    assert.ok(lines.some((l) => /adopting CCKM job/.test(l)));
  });

  it("under 20 % injected faults on every endpoint, 6 resources start exactly 6 jobs", async function () {
    await start({ faults: 0.2, faultSeed: 7, faultLatencyMs: 200, jobSeconds: 1 });
    const kinds: [string, Props][] = [
      ["DsmDomainRefresh", { domains: [DSM_EU] }],
      ["ExternalCmDomainRefresh", { domains: ["3e732d57-5ea1-491f-b238-9f4a39a9566f"] }],
      ["GoogleKeySync", { synchronizeAll: true }],
      ["AzureKeySync", { keyVaults: ["kv-payments-prod"] }],
      ["AwsKeySync", { kms: ["aws-sandbox"] }],
      ["OciKeySync", { vaults: ["oci-vault-ashburn"] }],
    ];
    const results = await Promise.all(kinds.map(([k, a]) => create(k, a)));
    assert.ok(results.every((r) => r.outs.status === "completed"));
    const c = sim.counters();
    assert.strictEqual(c.jobsCreated.total, 6, JSON.stringify(c));
    assert.ok(c.faultsInjected > 0);
    console.error(
      `      faults: ${c.faultsInjected} injected over ${c.requests} requests, ${c.jobsCreated.total} jobs`,
    );
  });

  it("an unknown SAP state counts as running and the progress line says so", async function () {
    await start({ sapState: "AWAITING_APPROVAL", jobSeconds: 3 });
    const r = await create("SapKeyJob", { keyId: "08eb0a7f-8912-406a-8124-ea6b54bfdb19", operation: "delete" });
    assert.strictEqual(r.outs.state, "COMPLETED");
    assert.ok(
      lines.some((l) =>
        /AWAITING_APPROVAL \(SAP state "AWAITING_APPROVAL" not known, treated as running until the deadline\)/.test(l),
      ),
      lines.join("\n"),
    );
  });

  it("read reports the job; delete of a running job cancels it and waits until CCKM settles it", async function () {
    await start({ jobSeconds: 30, cancelSeconds: 1 });
    const { inputs } = await runtime.check(
      "OciKeySync",
      {},
      { __cckmName: "t", vaults: ["oci-vault-frankfurt"], timeoutSeconds: 1 },
    );
    const err = (await runtime.create("OciKeySync", inputs).catch((e) => e)) as { id: string; properties: Props };
    assert.ok(err.id);
    const read = await runtime.read("OciKeySync", err.id, err.properties);
    assert.strictEqual(read.props.status, "in_progress");
    await runtime.delete("OciKeySync", err.id, { ...err.properties, timeoutSeconds: 30 });
    const job = sim.jobs().find((j) => j.id === err.id)!;
    assert.strictEqual(job.abort, true);
    assert.strictEqual(job.overall_status, "completed");
    assert.strictEqual(sim.counters().cancels, 1);
  });
});
