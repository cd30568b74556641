// The plugin's door into the engine (provider/plugin/engine.ts), no API call: the default-name hook feeds check
// from the URN's project and stack, and diffs say update or replace per property for every kind.
import { strict as assert } from "assert";
import { NativeEngine } from "../../provider/plugin/engine";

const RING_EU = "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu";

describe("native provider: SyncSchedule's check and detailed diff (no API call)", function () {
  const engine = new NativeEngine();
  // a connection is set (check reports a missing one), but nothing here calls it
  engine.configure({ "cckm:address": "https://127.0.0.1:9", "cckm:username": "u", "cckm:password": "p" });
  const news = { cloud: "google", keyRings: [RING_EU], runAt: "0 2 * * *" };

  it("check names the schedule after project, stack and resource, and keeps no helper key", function () {
    const { inputs, failures } = engine.check("SyncSchedule", "nightly", news, "proj", "prod");
    assert.deepEqual(failures, []);
    assert.equal(inputs.scheduleName, "proj-prod-nightly");
    assert.deepEqual(
      Object.keys(inputs).filter((k) => k.startsWith("__")),
      [],
    );
  });

  it("says update or replace per changed property, for a job kind too", function () {
    const olds = engine.check("SyncSchedule", "nightly", { ...news, endDate: "2099-01-01T00:00:00Z" }).inputs;
    const changed = engine.check("SyncSchedule", "nightly", {
      ...news,
      cloud: "oci",
      vaults: ["v"],
      runAt: "5 * * * *",
    });
    assert.deepEqual(engine.detailedDiff("SyncSchedule", olds, changed.inputs), {
      cloud: "replace",
      keyRings: "update",
      vaults: "update",
      runAt: "update",
      endDate: "update",
    });
    const job = engine.check("GoogleKeySync", "g", { keyRings: ["a"] }).inputs;
    const done = { ...job, jobId: "j", status: "completed" };
    assert.deepEqual(engine.detailedDiff("GoogleKeySync", done, { ...job, keyRings: ["b"], timeoutSeconds: 60 }), {
      keyRings: "replace",
      timeoutSeconds: "update",
    });
    assert.equal(engine.detailedDiff("GoogleKeySync", done, job), undefined, "no change");
  });
});
