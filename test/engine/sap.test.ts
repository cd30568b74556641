// SAP key jobs through the engine: a delete then a restore of the same key in two `up`s leaves the key's `gone`
// flag as CCKM reports it; a delete whose backup fails fails `up` with CCKM's message, and allowing it
// (deleteIfBackupFails) replaces the failed job with a new one.
import * as assert from "assert";
import { frontEndTitle, frontEnds } from "../frontends";
import { harness, Harness, jobsCreated } from "./provider-harness";

const DWC = "b707ea86-37bb-4212-ad09-2635698dbe4a";
const HANA = "08eb0a7f-8912-406a-8124-ea6b54bfdb19";

for (const frontEnd of frontEnds())
  describe(`SAP key jobs through the engine, ${frontEndTitle(frontEnd)}`, function () {
    let h: Harness;
    const gone = (id: string) => (h.sim.control.inventory().sapKeys ?? []).find((k) => k.id === id)?.gone;

    before(async function () {
      h = await harness(
        "sap",
        { key: { kind: "SapKeyJob", args: { keyId: DWC, operation: "delete" } } },
        { sim: { jobSeconds: 1 }, frontEnd },
      );
    });
    after(async function () {
      await h?.dispose();
    });

    it("a delete then a restore of the same key, in two ups, leaves gone as CCKM reports it", async function () {
      assert.strictEqual(gone(DWC), false);
      await h.stack.up();
      let out = (await h.stack.outputs()).key as Record<string, unknown>;
      assert.strictEqual(out.state, "COMPLETED");
      assert.strictEqual(out.operation, "delete");
      assert.strictEqual(gone(DWC), true);

      await h.setSpec({ key: { kind: "SapKeyJob", args: { keyId: DWC, operation: "restore" } } });
      const preview = await h.stack.preview(["--diff"]);
      assert.ok(preview.stdout.includes(`+-${h.type("SapKeyJob")}: (replace)`), preview.stdout);
      assert.match(preview.stdout, /~ operation\s*: "delete" => "restore"/);
      await h.stack.up();
      out = (await h.stack.outputs()).key as Record<string, unknown>;
      assert.strictEqual(out.operation, "restore");
      assert.strictEqual(out.state, "COMPLETED");
      assert.strictEqual(gone(DWC), false);
      assert.strictEqual(jobsCreated(h.sim), 2);
      await h.stack.up(["--expect-no-changes"]);
    });

    it("a delete whose backup fails fails up with CCKM's message; the next up replaces it with a new job using deleteIfBackupFails", async function () {
      h.sim.control.configure({ sapBackupFails: true });
      await h.setSpec({ hana: { kind: "SapKeyJob", args: { keyId: HANA, operation: "delete" } } });
      const r = await h.stack.up([], { allowFailure: true });
      assert.notStrictEqual(r.code, 0);
      assert.match(
        r.output,
        /SapKeyJob "hana": CCKM job [0-9a-f-]{36} ended FAILED with 1 failing item: .*key backup failed/,
      );
      assert.strictEqual(gone(HANA), false);

      await h.setSpec({
        hana: { kind: "SapKeyJob", args: { keyId: HANA, operation: "delete", deleteIfBackupFails: true } },
      });
      const preview = await h.stack.preview(["--diff"]);
      assert.match(preview.stdout, /\+-1 to replace/);
      await h.stack.up();
      assert.strictEqual(gone(HANA), true);
      const out = (await h.stack.outputs()).hana as Record<string, unknown>;
      assert.strictEqual(out.state, "COMPLETED");
      assert.strictEqual(out.deleteIfBackupFails, true);
    });
  });
