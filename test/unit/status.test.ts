// Status spellings, item texts and phases (pure functions).
import * as assert from "assert";
import { isTerminal, phaseOfStatus, statusOutput } from "../../provider/core/models";
import {
  itemFailures,
  itemOutcome,
  itemProgress,
  normalizeStatus,
  sapPhase,
  syncPhase,
} from "../../provider/core/status";

describe("status normalization", () => {
  it("normalizes spellings: trim, lower-case, spaces and dashes to _", () => {
    for (const s of ["in_progress", "in progress", " In-Progress ", "IN_PROGRESS", "in  progress"]) {
      assert.strictEqual(normalizeStatus(s), "in_progress", s);
    }
  });

  it("maps sync jobs: running, completed, cancelled (abort), failed (error or failing items), unknown", () => {
    assert.deepStrictEqual(syncPhase("in progress", false, []), { phase: "running", known: true });
    assert.deepStrictEqual(syncPhase("completed", false, []), { phase: "succeeded", known: true });
    assert.deepStrictEqual(syncPhase("completed", true, []), { phase: "canceled", known: true });
    assert.deepStrictEqual(syncPhase("completed", false, [{ item: "a", message: "x" }]), {
      phase: "failed",
      known: true,
    });
    assert.deepStrictEqual(syncPhase("failed", false, []), { phase: "failed", known: true });
    assert.deepStrictEqual(syncPhase("error", false, []), { phase: "failed", known: true });
    assert.deepStrictEqual(syncPhase("rebalancing", false, []), { phase: "running", known: false });
  });

  it("maps SAP states; an unknown state counts as running", () => {
    assert.strictEqual(sapPhase("PENDING").phase, "running");
    assert.strictEqual(sapPhase("IN_PROGRESS").phase, "running");
    assert.strictEqual(sapPhase("COMPLETED").phase, "succeeded");
    assert.strictEqual(sapPhase("FAILED").phase, "failed");
    assert.deepStrictEqual(sapPhase("WAITING_FOR_SAP"), { phase: "running", known: false });
  });

  it("classifies detailed_status texts", () => {
    for (const ok of [
      "domain synchronized successfully",
      "key ring synchronized successfully",
      "region synchronized successfully",
      "Success",
    ]) {
      assert.strictEqual(itemOutcome(ok), "ok", ok);
    }
    assert.strictEqual(itemOutcome("in_progress"), "running");
    assert.strictEqual(itemOutcome("in progress"), "running");
    for (const bad of ["connection refused", "failed to synchronize: 403", "not synchronized successfully", "Error"]) {
      assert.strictEqual(itemOutcome(bad), "error", bad);
    }
  });

  it("lists failing items and progress", () => {
    const detailed = { a: "Success", b: "permission denied", c: "in_progress" };
    assert.deepStrictEqual(itemFailures(detailed), [{ item: "b", message: "permission denied" }]);
    assert.strictEqual(itemProgress(detailed), "2/3 items done");
    assert.deepStrictEqual(itemFailures(undefined), []);
    assert.strictEqual(itemProgress({}), undefined);
  });

  it("maps phases to the status output and back", () => {
    for (const p of ["running", "succeeded", "failed", "canceled"] as const) {
      assert.strictEqual(phaseOfStatus(statusOutput(p)), p);
    }
    assert.strictEqual(statusOutput("canceled"), "cancelled");
    assert.ok(isTerminal("failed") && !isTerminal("running"));
  });
});
