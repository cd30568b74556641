// Recorded job answers (fixtures/states) replayed through the kind descriptors, and poll sequences
// (fixtures/workflows) through the poller: one table, one expected outcome per answer.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { waitForJob } from "../../provider/jobs/poller";
import { itemMatches, kindOf } from "../../provider/kinds";
import { deadline, FakeClock } from "./fakes";

const fixtures = path.join(__dirname, "fixtures");
const load = (rel: string) => JSON.parse(fs.readFileSync(path.join(fixtures, rel), "utf8"));

const KIND: Record<string, string> = {
  dsm: "DsmDomainRefresh",
  google: "GoogleKeySync",
  azure: "AzureKeySync",
  externalCm: "ExternalCmDomainRefresh",
  aws: "AwsKeySync",
  sapKey: "SapKeyJob",
};

const states: [string, string, string, number][] = [
  // file, phase, status output, failing items
  ["dsm/in_progress.json", "running", "in_progress", 0],
  ["dsm/completed.json", "succeeded", "completed", 0],
  ["google/in_progress.json", "running", "in_progress", 0],
  ["google/partial.json", "failed", "failed", 1],
  ["azure/in_progress_spaced.json", "running", "in_progress", 0],
  ["externalCm/cancel_requested.json", "running", "in_progress", 0],
  ["externalCm/cancelled.json", "canceled", "cancelled", 0],
  ["aws/error.json", "failed", "failed", 1],
  ["sapKey/pending.json", "running", "in_progress", 0],
  ["sapKey/failed.json", "failed", "failed", 1],
];

describe("job kinds: recorded answers", () => {
  for (const [file, phase, status, failures] of states) {
    it(`${file}: ${phase}`, () => {
      const kind = kindOf(KIND[file.split("/")[0]]);
      const job = load(`states/${file}`);
      const snap = kind.snapshot(job);
      assert.strictEqual(snap.phase, phase);
      assert.strictEqual(snap.failures.length, failures, JSON.stringify(snap.failures));
      const outs = kind.outputValues(job);
      assert.strictEqual(outs.status, status);
      assert.strictEqual(outs.jobId, job.id);
      assert.ok(!Object.values(outs).includes(undefined), "no undefined output");
    });
  }

  it("SAP outputs carry the key, the SAP key and the group", () => {
    const outs = kindOf("SapKeyJob").outputValues(load("states/sapKey/pending.json"));
    assert.deepStrictEqual(outs, {
      jobId: "5db60499-9f4f-4143-b963-370459d3cef1",
      status: "in_progress",
      state: "PENDING",
      cckmKeyId: "b707ea86-37bb-4212-ad09-2635698dbe4a",
      sapKeyId: "89ac400d-254f-4a19-a1fa-8952a2dca56f",
      groupId: "489ac34d-3e9c-4be3-8c1c-2c383bf31461",
    });
  });

  it("a scope item names the stored item by id, name, last segment or either half of name::uuid", () => {
    assert.ok(itemMatches("demo-key-ring", "projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring"));
    assert.ok(itemMatches("keyvault-softkeys", "keyvault-softkeys::12e533dd-b5c2-4e58-a264-0cd812dc5a34"));
    assert.ok(
      itemMatches("12E533DD-B5C2-4E58-A264-0CD812DC5A34", "keyvault-softkeys::12e533dd-b5c2-4e58-a264-0cd812dc5a34"),
    );
    assert.ok(!itemMatches("ring", "projects/p/locations/l/keyRings/other-ring"));
  });

  it("same scope: the seed's Azure job matches a request by vault name", async () => {
    const azure = kindOf("AzureKeySync");
    const job = load("states/azure/in_progress_spaced.json");
    const inputs = { keyVaults: ["keyvault-softkeys"], synchronizeAll: false, takeCloudKeyBackup: false };
    const reader = { get: async <T>() => ({ resources: [job] }) as T };
    const adoptable = (i: Record<string, unknown>) => azure.findAdoptable(reader, i, deadline(new FakeClock()));
    assert.deepStrictEqual(await adoptable(inputs), [job]);
    assert.deepStrictEqual(await adoptable({ ...inputs, takeCloudKeyBackup: true }), []);
    assert.deepStrictEqual(await adoptable({ ...inputs, keyVaults: ["keyvault-softkeys", "other"] }), []);
  });
});

describe("job kinds: recorded poll sequences", () => {
  const workflows: [string, string, number][] = [
    ["azure/cancel.json", "canceled", 4],
    ["sapKey/delete.json", "succeeded", 4],
  ];
  for (const [file, phase, polls] of workflows) {
    it(`${file} ends ${phase} after ${polls} polls`, async () => {
      const kind = kindOf(KIND[file.split("/")[0]]);
      const answers = load(`workflows/${file}`) as Record<string, unknown>[];
      let n = 0;
      const notes: string[] = [];
      const clock = new FakeClock();
      const outcome = await waitForJob({
        poll: async () => kind.snapshot(answers[Math.min(n++, answers.length - 1)]),
        deadline: deadline(clock, 60),
        isTransient: () => false,
        onPoll: (s) => s?.note && notes.push(s.note),
      });
      assert.ok(outcome.done);
      assert.strictEqual(outcome.last.phase, phase);
      assert.strictEqual(n, polls);
      if (file.startsWith("sapKey")) assert.match(notes.join(), /SYNCING_WITH_SAP" not known/);
    });
  }
});
