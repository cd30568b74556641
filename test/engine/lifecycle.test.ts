// The job resources through the real engine: preview offline, up creates and waits, a no-op up starts nothing,
// reordering is no change, timeoutSeconds alone is an update, scope/flag/trigger changes replace (named by
// `preview --diff`), refresh reports the jobs, destroy of ended jobs cancels nothing. All 8 kinds at once, through
// the dynamic resources and through the native provider.
import * as assert from "assert";
import { frontEndTitle, frontEnds } from "../frontends";
import { harness, Harness, jobsCreated, ResourceSpec } from "./provider-harness";

const DSM_EU = "89c49e63-b5c9-46be-9371-0d8b0649e289";
const DSM_US = "8376d8ce-43a4-44b0-9958-1d64d4a455bf";
const DSM_STAGING = "d9fcff17-2d1a-4f55-bde0-8072bb2f2985";
const RING_DEMO = "33acf77f-10df-4cdf-892c-bd965a84ae6c";
const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";
const SAP_KEY_HANA = "08eb0a7f-8912-406a-8124-ea6b54bfdb19";
const SAP_KEY_DWC = "b707ea86-37bb-4212-ad09-2635698dbe4a";

const base: Record<string, ResourceSpec> = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM_US, DSM_EU] } },
  ecm: { kind: "ExternalCmDomainRefresh", args: { domains: ["3e732d57-5ea1-491f-b238-9f4a39a9566f"] } },
  google: { kind: "GoogleKeySync", args: { keyRings: [RING_EU, RING_DEMO] } },
  azure: { kind: "AzureKeySync", args: { keyVaults: ["keyvault-softkeys"] } },
  aws: { kind: "AwsKeySync", args: { kms: ["aws-prod"], regions: ["us-east-1"] } },
  oci: { kind: "OciKeySync", args: { synchronizeAll: true } },
  sapGroups: { kind: "SapGroupSync", args: { groups: ["sap-dwc-prod"] } },
  sapKey: { kind: "SapKeyJob", args: { keyId: SAP_KEY_HANA, operation: "delete" } },
  // re-runs whenever the DSM refresh does: its trigger is not known at preview when dsm is replaced
  chained: {
    kind: "ExternalCmDomainRefresh",
    args: { domains: ["c4e5bd34-af39-4027-9058-6f1a4bb3519d"], triggers: ["ref:dsm.jobId"] },
  },
};

function spec(changes: Record<string, Record<string, unknown>>): Record<string, ResourceSpec> {
  const out: Record<string, ResourceSpec> = {};
  for (const [name, r] of Object.entries(base))
    out[name] = { kind: r.kind, args: { ...r.args, ...(changes[name] ?? {}) } };
  return out;
}

type Outputs = Record<string, Record<string, unknown>>;

for (const frontEnd of frontEnds())
  describe(`provider lifecycle through the engine, ${frontEndTitle(frontEnd)} (all 8 kinds)`, function () {
    let h: Harness;
    let first: Outputs;

    before(async function () {
      h = await harness("lifecycle", base, { sim: { jobSeconds: 1 }, frontEnd });
    });
    after(async function () {
      await h?.dispose();
    });

    it("preview makes no API call at all", async function () {
      const r = await h.stack.preview(["--diff"]);
      assert.match(r.stdout, /\+ 10 to create/);
      assert.strictEqual(h.sim.counters().requests, 0, JSON.stringify(h.sim.requestLog()));
    });

    it("up starts one job per resource, waits, and outputs what the design specifies", async function () {
      const r = await h.stack.up();
      assert.match(r.stdout, /cckm: GoogleKeySync "google": started CCKM job/);
      assert.match(r.stdout, /\+ 10 created/);
      first = (await h.stack.outputs()) as Outputs;
      assert.strictEqual(jobsCreated(h.sim), 9);
      for (const name of ["dsm", "ecm", "google", "azure", "aws", "oci", "sapGroups"]) {
        const o = first[name];
        assert.ok(o, name);
        assert.strictEqual(o.status, "completed", `${name}: ${JSON.stringify(o)}`);
        assert.strictEqual(o.jobId, o.id);
        assert.strictEqual(o.overallStatus, "completed");
        assert.strictEqual(o.aborted, false);
        assert.strictEqual(typeof o.detailedStatus, "object");
        assert.match(String(o.createdAt), /^\d{4}-\d\d-\d\dT/);
        assert.match(String(o.updatedAt), /^\d{4}-\d\d-\d\dT/);
        assert.strictEqual(o.timeoutSeconds, 1800);
        if (name !== "chained") assert.deepStrictEqual(o.triggers, []);
      }
      assert.deepStrictEqual(first.chained.triggers, [first.dsm.jobId]);
      assert.deepStrictEqual(first.dsm.domains, [DSM_US, DSM_EU].sort(), "lists are sorted");
      assert.strictEqual(first.dsm.synchronizeAll, false);
      assert.strictEqual(first.oci.synchronizeAll, true);
      assert.deepStrictEqual(first.oci.vaults, []);
      assert.strictEqual(first.azure.takeCloudKeyBackup, false);
      assert.deepStrictEqual(first.aws.regions, ["us-east-1"]);
      assert.ok(Object.keys(first.aws.detailedStatus as object).every((k) => k.endsWith("/us-east-1")));
      const sap = first.sapKey;
      assert.strictEqual(sap.jobId, sap.id);
      assert.strictEqual(sap.state, "COMPLETED");
      assert.strictEqual(sap.operation, "delete");
      assert.strictEqual(sap.cckmKeyId, SAP_KEY_HANA);
      assert.ok(sap.sapKeyId && sap.groupId, JSON.stringify(sap));

      // the state per resource stays small and carries no credential; the dynamic one's serialized provider is thin
      const state = await h.stack.exportState();
      const jobResources = (state.deployment.resources ?? []).filter((res) => res.type.startsWith(h.type("")));
      assert.strictEqual(jobResources.length, Object.keys(base).length);
      for (const res of jobResources) {
        const bytes = JSON.stringify(res).length;
        assert.ok(bytes < 9000, `${res.urn}: ${bytes} bytes`);
        assert.ok(!JSON.stringify(res).includes("admin"), "no credential in a resource's state");
        const provider = res.outputs?.__provider;
        if (h.frontEnd === "dynamic") {
          // only the kind and require("pulumi-cckm/runtime"), so delete and refresh run the installed code
          assert.ok(String(provider).includes('require("pulumi-cckm/runtime")') && String(provider).length < 2500);
          assert.ok(!/axios|https\.Agent|CIPHERTRUST/.test(String(provider)));
        } else {
          assert.strictEqual(provider, undefined, "the plugin's resources keep no code in state");
          assert.match(String(res.provider), /^urn:pulumi:.*::pulumi:providers:cckm::default/);
        }
        console.log(
          `      state bytes ${res.type}: ${bytes}` +
            (provider === undefined ? "" : ` (__provider ${String(provider).length})`),
        );
      }
    });

    it("a second up changes nothing and makes no job-creating call", async function () {
      const before = h.sim.counters();
      await h.stack.up(["--expect-no-changes"]);
      const after = h.sim.counters();
      assert.strictEqual(after.jobsCreated.total, before.jobsCreated.total);
      const posts = Object.entries(after.byEndpoint).filter(([k]) => k.startsWith("POST /api/v1/cckm"));
      assert.deepStrictEqual(
        posts,
        Object.entries(before.byEndpoint).filter(([k]) => k.startsWith("POST /api/v1/cckm")),
      );
    });

    it("reordering a list changes nothing; timeoutSeconds alone is an update that starts nothing", async function () {
      await h.setSpec(
        spec({
          dsm: { domains: [DSM_EU, DSM_US, DSM_EU.toUpperCase()] },
          google: { keyRings: [RING_DEMO, RING_EU], timeoutSeconds: 600 },
        }),
      );
      const preview = await h.stack.preview(["--diff"]);
      assert.match(preview.stdout, /~ 1 to update/);
      assert.doesNotMatch(preview.stdout, /replace/);
      assert.match(preview.stdout, /~ timeoutSeconds\s*: 1800 => 600/);
      const jobs = jobsCreated(h.sim);
      await h.stack.up();
      assert.strictEqual(jobsCreated(h.sim), jobs, "no job started");
      const out = (await h.stack.outputs()) as Outputs;
      assert.strictEqual(out.google.timeoutSeconds, 600);
      assert.strictEqual(out.google.jobId, first.google.jobId);
      assert.strictEqual(out.google.status, "completed");
      assert.deepStrictEqual(out.dsm, first.dsm);
    });

    it("a change of a list, synchronizeAll, takeCloudKeyBackup, SAP keyId or triggers replaces, named by preview --diff", async function () {
      const next = spec({
        dsm: { domains: [DSM_EU, DSM_US, DSM_STAGING] },
        oci: { synchronizeAll: false, vaults: ["oci-vault-frankfurt"] },
        azure: { takeCloudKeyBackup: true },
        sapKey: { keyId: SAP_KEY_DWC },
        ecm: { triggers: ["rotate-2026-11"] },
        google: { keyRings: [RING_DEMO, RING_EU], timeoutSeconds: 600 },
      });
      await h.setSpec(next);
      const preview = await h.stack.preview(["--diff"]);
      const out = preview.stdout;
      assert.match(out, /\+-6 to replace/, out);
      for (const [type, prop] of [
        ["DsmDomainRefresh", "domains"],
        ["OciKeySync", "synchronizeAll"],
        ["AzureKeySync", "takeCloudKeyBackup"],
        ["SapKeyJob", "keyId"],
        ["ExternalCmDomainRefresh", "triggers"],
      ]) {
        // the replaced resource's block shows the property whose change forces the replacement
        const header = `+-${h.type(type)}: (replace)`;
        assert.ok(out.includes(header), `${type} is replaced:\n${out}`);
        const block = out.slice(out.indexOf(header) + header.length).split(/\n\s*\+-|--outputs:--/)[0];
        assert.match(block, new RegExp(`~ ${prop}\\s*:`), `${type}: ${prop} named in\n${block}`);
      }
      // a value not known at preview (the new dsm job id) replaces the resource that uses it
      const chained = out.slice(out.indexOf("ExternalCmDomainRefresh::chained]")).split(/\n\s*\+-|--outputs:--/)[0];
      assert.match(chained, /~ triggers/, chained);
      const requests = h.sim.counters().requests;
      const r2 = await h.stack.preview(["--diff"]);
      assert.strictEqual(h.sim.counters().requests, requests, "preview makes no API call");
      assert.ok(r2.stdout.length > 0);
      const jobs = jobsCreated(h.sim);
      await h.stack.up();
      assert.strictEqual(jobsCreated(h.sim), jobs + 6, "one new job per replaced resource");
      const o = (await h.stack.outputs()) as Outputs;
      for (const name of ["dsm", "oci", "azure", "sapKey", "ecm", "chained"]) {
        assert.notStrictEqual(o[name].jobId, first[name].jobId, `${name} has a new job`);
      }
      assert.strictEqual(o.azure.takeCloudKeyBackup, true);
      assert.strictEqual(o.sapKey.cckmKeyId, SAP_KEY_DWC);
    });

    it("refresh reports the jobs as CCKM has them and changes nothing", async function () {
      const before = (await h.stack.outputs()) as Outputs;
      await h.stack.refresh();
      const after = (await h.stack.outputs()) as Outputs;
      assert.deepStrictEqual(after, before);
      await h.stack.up(["--expect-no-changes"]);
    });

    it("destroy of ended jobs succeeds without cancelling anything", async function () {
      await h.stack.destroy();
      assert.strictEqual(h.sim.counters().cancels, 0);
      assert.deepStrictEqual(await h.resources(), []);
    });
  });
