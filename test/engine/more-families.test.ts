// The six families of issue 21 through the real engine, each front end on one stack that holds one resource of
// every new kind: the dynamic resources, the `cckm` plugin from a program that registers `cckm:index:<Kind>` as an
// SDK does, and the plugin from a Pulumi YAML program. Preview makes no API call; up starts one job per resource,
// waits, and outputs CCKM's per-item status; a job running over the same scope is adopted (Salesforce reads its scope
// back from `organizations`, not the `organization_ids` it sends); a failing item fails the resource naming the
// job and the item; destroy cancels a job that still runs. Strict CM (the simulator's default).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliStack, createCliStack, repoRoot, scratchDir } from "../../scripts/engine";
import { ensureLanguageHosts } from "../../scripts/toolchain";
import { startSimulator } from "../../simulator";
import type { Family, Simulator } from "../../simulator";
import { frontEnds, frontEndTitle, typeToken } from "../frontends";
import { LUNA, SFDC } from "../reliability/fixtures";
import { assertBuilt, harness, ResourceSpec } from "./provider-harness";

const AWS_PROD = "df43c37a-1961-4279-a89e-fe4a940f5425";
const VAULT_SOFTKEYS = "keyvault-softkeys::bedb82b9-582c-402d-9874-f3368722cf46";
const VAULT_PAYMENTS = "kv-payments-prod::7c678108-44dd-44ae-865b-915ff3907ccd";

/** One resource of each new kind, its simulator family, its scope as a job POST body, and its items' detail keys. */
interface Family6 {
  spec: ResourceSpec;
  family: Family;
  body: Record<string, unknown>;
  /** The failing item configured in the failure step (any form CCKM accepts). */
  failItem: string;
  detailKeys: string[];
}

const FAMILIES: Record<string, Family6> = {
  azureCerts: {
    spec: { kind: "AzureCertificateSync", args: { keyVaults: ["keyvault-softkeys"] } },
    family: "azureCertificates",
    body: { key_vaults: ["keyvault-softkeys"] },
    failItem: VAULT_SOFTKEYS,
    detailKeys: [VAULT_SOFTKEYS],
  },
  azureSecrets: {
    spec: { kind: "AzureSecretSync", args: { keyVaults: ["kv-payments-prod"] } },
    family: "azureSecrets",
    body: { key_vaults: ["kv-payments-prod"] },
    failItem: VAULT_PAYMENTS,
    detailKeys: [VAULT_PAYMENTS],
  },
  // by id: a KMS named by name is stored by id, and this family's list filter is not documented, so only an id
  // finds a running job to adopt
  customKeyStores: {
    spec: { kind: "AwsCustomKeyStoreSync", args: { kms: [AWS_PROD], regions: ["eu-west-1"] } },
    family: "awsCustomKeyStores",
    body: { kms: [AWS_PROD], regions: ["eu-west-1"] },
    failItem: AWS_PROD,
    detailKeys: ["123456789012/eu-west-1"],
  },
  luna: {
    spec: { kind: "LunaHsmKeyRefresh", args: { partitions: [LUNA[0]] } },
    family: "lunaHsm",
    body: { partitions: [LUNA[0]] },
    failItem: LUNA[0],
    detailKeys: [LUNA[0]],
  },
  sfdcCerts: {
    spec: { kind: "SalesforceCertificateSync", args: { organizationIds: [SFDC[0]] } },
    family: "sfdcCertificates",
    body: { organization_ids: [SFDC[0]] },
    failItem: SFDC[0],
    detailKeys: [SFDC[0]],
  },
  sfdcSecrets: {
    spec: { kind: "SalesforceTenantSecretSync", args: { organizationIds: [SFDC[1]] } },
    family: "sfdcTenantSecrets",
    body: { organization_ids: [SFDC[1]] },
    failItem: SFDC[1],
    detailKeys: [SFDC[1]],
  },
};
const NAMES = Object.keys(FAMILIES);

/** The six resources, each with `extra` args (e.g. a new trigger). */
function spec(extra: Record<string, unknown> = {}): Record<string, ResourceSpec> {
  return Object.fromEntries(
    NAMES.map((n) => [n, { kind: FAMILIES[n].spec.kind, args: { ...FAMILIES[n].spec.args, ...extra } }]),
  );
}

/** What a scenario needs of a stack, whatever its front end. */
interface Rig {
  type(kind: string): string;
  sim: Simulator;
  stack: CliStack;
  setSpec(s: Record<string, ResourceSpec>): Promise<void>;
  dispose(): Promise<void>;
}

type Outputs = Record<string, Record<string, unknown>>;

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "sdk", "schema.json"), "utf8")) as {
  resources: Record<string, { properties: Record<string, unknown> }>;
};

/** A Pulumi YAML program (JSON is YAML) with the resources of `s`, each one's outputs a stack output. */
function yamlProgram(s: Record<string, ResourceSpec>): string {
  const resources = Object.fromEntries(
    Object.entries(s).map(([name, r]) => [name, { type: `cckm:index:${r.kind}`, properties: r.args }]),
  );
  const outputs = Object.fromEntries(
    Object.entries(s).map(([name, r]) => [
      name,
      Object.fromEntries(
        ["id", ...Object.keys(schema.resources[`cckm:index:${r.kind}`].properties)].map((p) => [p, `\${${name}.${p}}`]),
      ),
    ]),
  );
  return JSON.stringify({
    name: "more-families-yaml",
    runtime: "yaml",
    description: "the six new CCKM sync families from Pulumi YAML",
    plugins: { providers: [{ name: "cckm", path: path.join(repoRoot, "bin") }] },
    resources,
    outputs,
  });
}

async function yamlRig(s: Record<string, ResourceSpec>): Promise<Rig> {
  assertBuilt();
  const sim = await startSimulator({ port: 0, jobSeconds: 1, quiet: true });
  const dir = scratchDir("more-families-yaml");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlProgram(s));
  const caFile = path.join(dir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const hosts = await ensureLanguageHosts({ verbose: false });
  const stack = await createCliStack({
    programDir: dir,
    pathDirs: hosts.pathDirs,
    config: {
      "cckm:address": sim.url,
      "cckm:caCert": caFile,
      "cckm:username": "admin",
      "cckm:password": { value: "admin", secret: true },
    },
    env: { CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000", CCKM_PROGRESS_SECONDS: "2" },
  });
  return {
    type: (kind) => typeToken("native", kind),
    sim,
    stack,
    setSpec: async (next) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yamlProgram(next)),
    async dispose() {
      await stack.dispose();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const RIGS: { title: string; make(): Promise<Rig>; adopt: boolean }[] = [
  ...frontEnds().map((frontEnd) => ({
    title: frontEndTitle(frontEnd),
    make: () => harness(`more-families`, spec(), { sim: { jobSeconds: 1 }, frontEnd }),
    adopt: true,
  })),
  // the YAML program runs the same plugin as the native one: adoption is the engine's, proven above
  ...(frontEnds().includes("native")
    ? [{ title: "native provider from Pulumi YAML", make: () => yamlRig(spec()), adopt: false }]
    : []),
];

for (const r of RIGS)
  describe(`the six more sync families through the engine, ${r.title}`, function () {
    let h: Rig;
    const newestJob = (name: string) =>
      h.sim
        .jobs()
        .filter((j) => j.family === FAMILIES[name].family)
        .pop()!;

    before(async function () {
      h = await r.make();
    });
    after(async function () {
      await h?.dispose();
    });

    it("preview makes no API call", async function () {
      const p = await h.stack.preview();
      assert.match(p.stdout, /\+ 7 to create/, p.stdout);
      assert.strictEqual(h.sim.counters().requests, 0, JSON.stringify(h.sim.requestLog()));
    });

    it("up starts one job per resource, waits until it completes, and outputs its per-item status", async function () {
      const up = await h.stack.up();
      assert.match(up.stdout, /cckm: SalesforceTenantSecretSync "sfdcSecrets": started CCKM job/);
      const out = (await h.stack.outputs()) as Outputs;
      for (const name of NAMES) {
        const o = out[name];
        const f = FAMILIES[name];
        assert.strictEqual(o.status, "completed", `${name}: ${JSON.stringify(o)}`);
        assert.strictEqual(o.overallStatus, "completed");
        assert.strictEqual(o.jobId, o.id);
        assert.strictEqual(o.aborted, false);
        assert.deepStrictEqual(Object.keys(o.detailedStatus as object).sort(), f.detailKeys, name);
        assert.match(String(o.createdAt), /^\d{4}-\d\d-\d\dT/);
        const job = h.sim.jobs().find((j) => j.id === o.jobId)!;
        assert.strictEqual(job.family, f.family, name);
        assert.strictEqual(job.overall_status, "completed");
      }
      assert.deepStrictEqual(out.customKeyStores.regions, ["eu-west-1"]);
      assert.deepStrictEqual(out.sfdcCerts.organizationIds, [SFDC[0]]);
      assert.strictEqual(out.luna.synchronizeAll, false);
      // Salesforce: the request names `organization_ids` (the job echoes `organizations`)
      const posts = h.sim.requestLog().filter((e) => e.method === "POST" && e.path.includes("/sfdc/"));
      assert.strictEqual(posts.length, 2);
      for (const p of posts) assert.deepStrictEqual(Object.keys(p.body as object), ["organization_ids"]);
      assert.strictEqual(h.sim.counters().jobsCreated.total, 6);
    });

    if (r.adopt)
      it("a new trigger over a scope whose job already runs adopts that job instead of starting one", async function () {
        // jobs started by someone else (CM's scheduler, the console), running until polled a few times
        h.sim.control.configure({ jobPolls: 3 });
        const started = Object.fromEntries(
          NAMES.map((n) => [n, String(h.sim.control.startJob(FAMILIES[n].family, FAMILIES[n].body).id)]),
        );
        h.sim.control.configure({ jobPolls: null });
        const created = h.sim.counters().jobsCreated.total;
        await h.setSpec(spec({ triggers: ["adopt"] }));
        const up = await h.stack.up();
        const out = (await h.stack.outputs()) as Outputs;
        for (const name of NAMES) {
          assert.match(
            up.stdout,
            new RegExp(`"${name}": adopting CCKM job ${started[name]}, already running over the same scope`),
            up.stdout,
          );
          assert.strictEqual(out[name].jobId, started[name], name);
          assert.strictEqual(out[name].status, "completed", name);
        }
        assert.strictEqual(h.sim.counters().jobsCreated.total, created, "no job started");
      });

    it("a failing item fails each resource, naming the job id and the item; the job id stays in state", async function () {
      h.sim.control.configure({
        failItems: Object.fromEntries(NAMES.map((n) => [FAMILIES[n].failItem, `permission denied on ${n}'s item`])),
      });
      try {
        await h.setSpec(spec({ triggers: ["fail"] }));
        const up = await h.stack.up([], { allowFailure: true });
        assert.notStrictEqual(up.code, 0);
        const resources = await h.stack.resources();
        for (const name of NAMES) {
          const f = FAMILIES[name];
          const m = new RegExp(
            `${f.spec.kind} "${name}": CCKM job ([0-9a-f-]{36}) ended (?:failed|error|completed) with 1 failing item: ` +
              `([^\\n]*)`,
          ).exec(up.output);
          assert.ok(m, `${name}:\n${up.output}`);
          assert.ok(m[2].includes(`${f.detailKeys[0]}: permission denied on ${name}'s item`), m[2]);
          assert.strictEqual(newestJob(name).id, m[1], `${name}: the job it names is the one it started`);
          const res = resources.find((x) => x.type === h.type(f.spec.kind) && x.id === m[1]);
          assert.ok(res, `${name}: job ${m[1]} in state`);
          assert.strictEqual(res.outputs?.status, "failed");
        }
      } finally {
        h.sim.control.configure({ failItems: {} });
      }
    });

    it("destroy cancels the jobs that still run and waits for them to settle", async function () {
      h.sim.control.configure({
        families: Object.fromEntries(NAMES.map((n) => [FAMILIES[n].family, { jobSeconds: 600 }])),
      });
      await h.setSpec(spec({ triggers: ["long"], timeoutSeconds: 3 }));
      const up = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(up.code, 0);
      const running = Object.fromEntries(NAMES.map((n) => [n, newestJob(n)]));
      for (const name of NAMES) {
        assert.match(up.output, new RegExp(`"${name}": timed out after 3s`), up.output);
        assert.notStrictEqual(running[name].overall_status, "completed", `${name} runs on`);
      }
      const cancels = h.sim.counters().cancels;
      const destroy = await h.stack.destroy();
      for (const name of NAMES) {
        assert.match(destroy.output, new RegExp(`cancelling CCKM job ${String(running[name].id)}`));
        const job = h.sim.jobs().find((j) => j.id === running[name].id)!;
        assert.strictEqual(job.abort, true, name);
        assert.strictEqual(job.overall_status, "completed", `${name}: settled before destroy returned`);
      }
      assert.strictEqual(h.sim.counters().cancels, cancels + 6, "one cancel per running job");
      assert.deepStrictEqual(
        (await h.stack.resources()).filter((x) => x.type.startsWith(h.type(""))),
        [],
      );
    });
  });
