// The generic job engine against a scripted CCKM: check and diff rules, adoption, lookup after an ambiguous POST,
// 409 overlap, deadlines, cancel answers. No HTTP, a fake clock.
import * as assert from "assert";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import { JobFailedError, JobTimeoutError } from "../../provider/jobs/errors";
import { UNKNOWN } from "../../provider/core/models";
import * as ops from "../../provider/jobs/operations";
import { check, diff } from "../../provider/jobs/plan";
import { kindOf } from "../../provider/kinds";
import { Progress } from "../../provider/jobs/progress";
import { FakeClock, jobContext, ok } from "./fakes";

const google = kindOf("GoogleKeySync");
const sap = kindOf("SapKeyJob");
const PATH = "/v1/cckm/google/synchronization-jobs";
const RING = "projects/p/locations/l/keyRings/r1";

const context = jobContext;

const job = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  overall_status: status,
  key_rings: [RING],
  abort: false,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:01Z",
  ...extra,
});

const inputs = (extra: Record<string, unknown> = {}) =>
  check(google, context(() => ok({})).ctx, { keyRings: [RING], ...extra }).inputs;

describe("check", () => {
  const { ctx } = context(() => ok({}));
  it("sorts, de-duplicates and fills defaults", () => {
    const r = check(google, ctx, { keyRings: ["b", " a ", "b"] });
    assert.deepStrictEqual(r.failures, []);
    assert.deepStrictEqual(r.inputs, {
      synchronizeAll: false,
      keyRings: ["a", "b"],
      triggers: [],
      timeoutSeconds: 1800,
    });
  });
  it("names the property at fault", () => {
    const props = (news: Record<string, unknown>, kind = google) =>
      check(kind, ctx, news).failures.map((f) => f.property);
    assert.deepStrictEqual(props({}), ["keyRings"]);
    assert.deepStrictEqual(props({ keyRings: [], synchronizeAll: true }), ["keyRings", "keyRings"]);
    assert.deepStrictEqual(props({ keyRings: ["a", 1] }), ["keyRings[1]"]);
    assert.deepStrictEqual(props({ keyRings: ["Ring", "ring"] }), ["keyRings[1]"]);
    assert.deepStrictEqual(props({ keyRings: "a" }), ["keyRings"]);
    assert.deepStrictEqual(props({ synchronizeAll: "yes" }), ["synchronizeAll", "keyRings"]);
    assert.deepStrictEqual(props({ synchronizeAll: true, timeoutSeconds: 0 }), ["timeoutSeconds"]);
    assert.deepStrictEqual(props({ synchronizeAll: true, timeoutSeconds: "60" }), ["timeoutSeconds"]);
    assert.deepStrictEqual(props({ synchronizeAll: true, triggers: "x" }), ["triggers"]);
    assert.deepStrictEqual(props({ synchronizeAll: true, keyRing: ["a"] }), ["keyRing"]);
    assert.deepStrictEqual(props({ operation: "purge" }, sap), ["keyId", "operation"]);
  });
  it("lets values not known yet through", () => {
    assert.deepStrictEqual(check(google, ctx, { keyRings: UNKNOWN }).failures, []);
    assert.deepStrictEqual(check(google, ctx, { keyRings: ["a", UNKNOWN] }).failures, []);
    assert.deepStrictEqual(check(google, ctx, { synchronizeAll: UNKNOWN }).failures, []);
    assert.deepStrictEqual(check(sap, ctx, { keyId: UNKNOWN, operation: UNKNOWN }).failures, []);
  });
});

describe("diff", () => {
  const done = (i: Record<string, unknown>) => ({ ...i, jobId: "j1", status: "completed" });
  it("reordering a list is no change", () => {
    const d = diff(google, done(inputs({ keyRings: ["b", "a"] })), inputs({ keyRings: ["a", "b", "a"] }));
    assert.deepStrictEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
  });
  it("a changed list, flag or trigger replaces, naming it", () => {
    assert.deepStrictEqual(diff(google, done(inputs()), inputs({ keyRings: ["x"] })).replaces, ["keyRings"]);
    assert.deepStrictEqual(diff(google, done(inputs()), inputs({ triggers: [1] })).replaces, ["triggers"]);
    const all = diff(google, done(inputs()), { ...inputs(), keyRings: [], synchronizeAll: true });
    assert.deepStrictEqual(all.replaces, ["keyRings", "synchronizeAll"]);
  });
  it("a value not known yet replaces", () => {
    assert.deepStrictEqual(diff(google, done(inputs()), { ...inputs(), keyRings: UNKNOWN }).replaces, ["keyRings"]);
  });
  it("timeoutSeconds alone is an update; a job still running at the deadline is continued by update", () => {
    assert.deepStrictEqual(diff(google, done(inputs()), inputs({ timeoutSeconds: 60 })), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: { timeoutSeconds: "update" },
    });
    assert.deepStrictEqual(diff(google, { ...done(inputs()), status: "in_progress" }, inputs()), {
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      detailedDiff: {},
    });
  });
  it("a recorded job that failed or was cancelled replaces the resource (a new job, a new id)", () => {
    for (const status of ["failed", "cancelled"]) {
      assert.deepStrictEqual(diff(google, { ...done(inputs()), status }, inputs()), {
        changes: true,
        replaces: ["status"],
        deleteBeforeReplace: false,
        detailedDiff: { status: "replace" },
      });
    }
  });
  it("SAP: keyId and operation replace; deleteIfBackupFails is an update", () => {
    const s = { keyId: "k", operation: "delete", deleteIfBackupFails: false, triggers: [], timeoutSeconds: 1800 };
    assert.deepStrictEqual(diff(sap, { ...s, status: "completed" }, { ...s, operation: "restore" }).replaces, [
      "operation",
    ]);
    const d = diff(sap, { ...s, status: "completed" }, { ...s, deleteIfBackupFails: true });
    assert.deepStrictEqual([d.changes, d.replaces], [true, []]);
  });
});

describe("create", () => {
  it("adopts a running job over the same scope instead of starting one", async () => {
    const { ctx, transport, lines } = context((req) => {
      if (req.method === "GET" && req.path === PATH)
        return ok({ resources: [job("old", "completed"), job("run", "in_progress")] });
      return ok(job("run", "completed"));
    });
    const r = await ops.create(google, ctx, inputs());
    assert.strictEqual(r.id, "run");
    assert.strictEqual(transport.count("POST", PATH), 0);
    assert.ok(lines.some((l) => /adopting CCKM job run/.test(l)));
  });

  it("after an ambiguous POST failure looks the job up instead of posting again", async () => {
    let created = false;
    const { ctx, transport } = context((req) => {
      if (req.method === "GET" && req.path === PATH)
        return ok({
          resources: created ? [job("new", "in_progress"), job("old", "completed")] : [job("old", "completed")],
        });
      if (req.method === "POST") {
        created = true; // CCKM started the job, then the connection broke
        throw new CckmNetworkError("POST /api" + PATH, "ECONNRESET", "socket hang up");
      }
      return ok(job("new", "completed"));
    });
    const r = await ops.create(google, ctx, inputs());
    assert.strictEqual(r.id, "new");
    assert.strictEqual(transport.count("POST", PATH), 1);
  });

  it("posts again after an ambiguous failure when the lookup finds no new job", async () => {
    let posts = 0;
    const { ctx, transport } = context((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") {
        if (++posts === 1) throw new CckmApiError("POST /api" + PATH, 503, "", "unavailable");
        return ok(job("j2", "in_progress"), 201);
      }
      return ok(job("j2", "completed"));
    });
    assert.strictEqual((await ops.create(google, ctx, inputs())).id, "j2");
    assert.strictEqual(transport.count("POST", PATH), 2);
  });

  it("on 409 waits for the overlapping job, then starts its own", async () => {
    let posts = 0;
    const { ctx, lines } = context((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") {
        if (++posts < 3)
          throw new CckmApiError("POST /api" + PATH, 409, "NCERRConflict", "a job is already in progress for r0");
        return ok(job("mine", "in_progress"), 201);
      }
      return ok(job("mine", "completed"));
    });
    assert.strictEqual((await ops.create(google, ctx, inputs())).id, "mine");
    assert.ok(lines.some((l) => /409 NCERRConflict/.test(l)));
  });

  it("a failed job throws an init error carrying the job id, the items and the outputs, no front end's key", async () => {
    const { ctx } = context((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") return ok(job("bad", "in_progress"), 201);
      return ok(job("bad", "completed", { detailed_status: { [RING]: "permission denied" } }));
    });
    await assert.rejects(ops.create(google, ctx, inputs()), (err: JobFailedError) => {
      assert.ok(err instanceof JobFailedError);
      assert.strictEqual(err.id, "bad");
      assert.match(
        err.message,
        /job bad ended completed with 1 failing item: projects\/p\/locations\/l\/keyRings\/r1: permission denied/,
      );
      assert.strictEqual(err.properties?.status, "failed");
      assert.deepStrictEqual(err.properties?.keyRings, [RING]);
      assert.ok(!Object.keys(err.properties ?? {}).some((k) => k.startsWith("__")));
      return true;
    });
  });

  it("a passed deadline throws an init error that the next update resumes", async () => {
    let polls = 0;
    const { ctx, transport } = context((req) => {
      if (req.method === "GET" && req.path === PATH) return ok({ resources: [] });
      if (req.method === "POST") return ok(job("slow", "in_progress"), 201);
      return ok(job("slow", ++polls > 8 ? "completed" : "in_progress"));
    });
    let props: Record<string, unknown> = {};
    await assert.rejects(ops.create(google, ctx, inputs({ timeoutSeconds: 5 })), (err: JobTimeoutError) => {
      assert.ok(err instanceof JobTimeoutError);
      assert.match(err.message, /timed out after 5s .*CCKM job slow/);
      props = err.properties!;
      return true;
    });
    assert.strictEqual(props.status, "in_progress");
    const r = await ops.update(google, ctx, "slow", props, inputs({ timeoutSeconds: 600 }));
    assert.strictEqual(r.outs.status, "completed");
    assert.strictEqual(r.outs.jobId, "slow");
    assert.strictEqual(transport.count("POST", PATH), 1);
  });

  it("an unknown SAP state counts as running until the deadline; the error names it, as does a progress line", async () => {
    const clock = new FakeClock();
    const { ctx } = context((req) => {
      if (req.method === "GET" && req.path === "/v1/cckm/sap/keys/jobs") return ok({ resources: [] });
      const body = { id: "s1", cckm_key_id: "k", operation: "delete", state: "WAITING_FOR_SAP" };
      return ok(body, req.method === "POST" ? 201 : 200);
    }, clock);
    const sapInputs = check(sap, ctx, {
      keyId: "k",
      operation: "delete",
      timeoutSeconds: 3,
    }).inputs;
    await assert.rejects(ops.create(sap, ctx, sapInputs), (err: JobTimeoutError) => {
      assert.match(err.message, /last status WAITING_FOR_SAP/);
      // the periodic line comes from a real-time timer; a Progress fed the error's last snapshot shows its text
      const progress = new Progress('SapKeyJob "s"', clock, () => undefined);
      progress.update(err.last);
      assert.match(
        progress.line("s1", "waiting for"),
        /WAITING_FOR_SAP \(SAP state "WAITING_FOR_SAP" not known, treated as running until the deadline\)/,
      );
      return true;
    });
  });
});

describe("delete", () => {
  it("cancels a running job and waits until it settles; a 400 to cancel is nothing to cancel", async () => {
    let gets = 0;
    const { ctx, transport } = context((req) => {
      if (req.path.endsWith("/cancel")) return ok(job("j", "in_progress", { abort: true }));
      return ok(job("j", ++gets > 2 ? "completed" : "in_progress", { abort: gets > 1 }));
    });
    await ops.remove(google, ctx, "j", { ...inputs(), jobId: "j" });
    assert.strictEqual(transport.count("POST", `${PATH}/j/cancel`), 1);

    let n = 0;
    const ended = context((req) => {
      if (req.path.endsWith("/cancel"))
        throw new CckmApiError("POST x", 400, "NCERRBadRequest", "job is not in progress");
      return ok(job("j", ++n > 1 ? "completed" : "in_progress"));
    });
    await ops.remove(google, ended.ctx, "j", { ...inputs(), jobId: "j" });
    assert.strictEqual(ended.transport.count("POST", `${PATH}/j/cancel`), 1);
    assert.strictEqual(n, 2, "read once before the cancel, once after it to see the job settled");
  });

  it("an unknown job is deleted without error", async () => {
    const { ctx } = context(() => {
      throw new CckmApiError("GET x", 404, "NCERRResourceNotFound", "not found");
    });
    await ops.remove(google, ctx, "gone", { ...inputs(), jobId: "gone" });
    const r = await ops.read(google, ctx, "gone", { ...inputs(), jobId: "gone" });
    assert.strictEqual(r.id, "");
  });
});

describe("create when CCKM refuses the job list", () => {
  it("starts without adopting, and does not re-post after an ambiguous failure", async () => {
    const { ctx, transport, lines } = context((req) => {
      if (req.method === "GET" && req.path === PATH)
        throw new CckmApiError("GET /api" + PATH, 400, "NCERRInvalidParamValue", "unknown filter");
      if (req.method === "POST") throw new CckmNetworkError("POST /api" + PATH, "ECONNRESET", "socket hang up");
      return ok({});
    });
    await assert.rejects(ops.create(google, ctx, inputs()), /ECONNRESET/);
    assert.strictEqual(transport.count("POST", PATH), 1);
    assert.ok(lines.some((l) => /cannot list GoogleKeySync jobs/.test(l)));
  });
});

describe("errors", () => {
  it("an error the engine did not make is wrapped, naming the resource, with the original as its cause", async () => {
    const refused = new CckmApiError("GET /api" + PATH, 403, "NCERRForbidden", "no permission");
    const { ctx } = context(() => {
      throw refused;
    });
    for (const name of ["a", "b"]) {
      await assert.rejects(ops.read(google, { ...ctx, name }, "j", { ...inputs(), jobId: "j" }), (err: Error) => {
        assert.strictEqual(err.message, `GoogleKeySync "${name}": ${refused.message}`);
        assert.strictEqual(err.cause, refused);
        return true;
      });
    }
    assert.strictEqual(
      refused.message,
      `CCKM GET /api${PATH} answered HTTP 403 NCERRForbidden: no permission`,
      "unchanged",
    );
  });
});
