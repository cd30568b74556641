// The client against a strict CipherTrust Manager, scripted (fake transport, fake clock): refused starts (the
// recogniser's table and the waits), paged lists in any order, SAP key jobs without a job list, unknown item texts.
import * as assert from "assert";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import { isBusyRefusal, refusalJobId } from "../../provider/client/refusal";
import { HttpRequest } from "../../provider/client/transport";
import { itemOutcome } from "../../provider/core/status";
import { JobFailedError } from "../../provider/jobs/errors";
import * as ops from "../../provider/jobs/operations";
import { check } from "../../provider/jobs/plan";
import { kindOf } from "../../provider/kinds";
import { MAX_PAGES, readList } from "../../provider/kinds/list";
import { deadline, FakeClock, Handler, jobContext, ok } from "./fakes";

const google = kindOf("GoogleKeySync");
const azure = kindOf("AzureKeySync");
const sap = kindOf("SapKeyJob");
const GPATH = "/v1/cckm/google/synchronization-jobs";
const SPATH = "/v1/cckm/sap/keys/jobs";
const RING = "projects/p/locations/l/keyRings/r1";
const KEY = "b707ea86-37bb-4212-ad09-2635698dbe4a";
const OTHER = "11111111-2222-4333-8444-555555555555";
const busy = (path: string, id = OTHER, status = 400) =>
  new CckmApiError(
    `POST /api${path}`,
    status,
    "NCERRBadRequest",
    `Synchronization is already in progress (job ${id}); try again after it ends`,
  );

const context = (handler: Handler) => jobContext(handler);

const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
const gjob = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  overall_status: status,
  key_rings: [RING],
  abort: false,
  createdAt: at(0),
  ...extra,
});
const ginputs = () => check(google, context(() => ok({})).ctx, { keyRings: [RING], __cckmName: "g" }).inputs;

/** A list endpoint over `jobs` in the given order, pages capped at `cap` items whatever `limit` asks. */
function lister(jobs: Record<string, unknown>[], cap = 10) {
  const queries: Record<string, unknown>[] = [];
  return {
    queries,
    answer(req: HttpRequest) {
      const q = req.query ?? {};
      queries.push(q);
      const skip = Number(q.skip ?? 0);
      const limit = Math.min(Number(q.limit ?? 10), cap);
      const ordered = q.sort === "-createdAt" ? [...jobs].reverse() : jobs; // oldest first unless sorted
      return ok({ skip, limit, total: jobs.length, resources: ordered.slice(skip, skip + limit) });
    },
  };
}

describe("strict CM: the refusal recogniser", () => {
  const err = (status: number, codeDesc: string, message: string) =>
    new CckmApiError("POST /api/x", status, codeDesc, message);
  const refusals: [number, string, string][] = [
    [409, "NCERRConflict", "overlapping scope"],
    [400, "NCERRBadRequest", "Synchronization is already in progress (job 1f0c...); try again after it ends"],
    [422, "", "A synchronization job is already running"],
    [400, "NCERRBadRequest", "another sync job is running for this cloud"],
    [400, "NCERRBadRequest", "refresh is in progress"],
    [403, "", "job already in-progress"],
    [400, "NCERRJobInProgress", ""],
    [429 - 1, "", "Operation currently running, retry later"],
  ];
  for (const [status, code, message] of refusals) {
    it(`recognises ${status} ${code} "${message}"`, () => assert.ok(isBusyRefusal(err(status, code, message))));
  }
  const others: [number, string, string][] = [
    [400, "NCERRInvalidParamValue", "synchronize_all: true with a non-empty list"],
    [400, "NCERRBadRequest", "key b707 is already deleted from SAP"],
    [404, "NCERRResourceNotFound", "key ring r9 not found; no job in progress"],
    [401, "NCERRUnauthorizedAccess", "Invalid token"],
    [500, "", "job already running"],
    [400, "NCERRBadRequest", "request body is required"],
  ];
  for (const [status, code, message] of others) {
    it(`does not take ${status} ${code} "${message}" for a refusal`, () =>
      assert.ok(!isBusyRefusal(err(status, code, message))));
  }
  it("reads the job id a refusal names", () => {
    assert.strictEqual(refusalJobId(busy(GPATH)), OTHER);
    assert.strictEqual(refusalJobId(err(400, "", "already in progress")), undefined);
  });
});

describe("strict CM: lists", () => {
  const jobs = Array.from({ length: 250 }, (_, i) => gjob(`j${i}`, "completed", { createdAt: at(i) }));

  it("pages with skip/limit/total even when CCKM caps the page, and sends sort only where documented", async () => {
    for (const kind of [google, azure]) {
      const list = lister(kind === google ? jobs : jobs.map((j) => ({ ...j, key_vaults: ["v"] })));
      const { ctx } = context((req) => (req.method === "GET" ? list.answer(req) : undefined));
      const c = ctx.connect!({} as never);
      const inputs = kind === google ? ginputs() : check(azure, ctx, { keyVaults: ["v"], __cckmName: "a" }).inputs;
      const found = await kind.findAdoptable(c, inputs, deadline(ctx.clock!));
      assert.strictEqual(list.queries.length, MAX_PAGES, "pages read, bounded");
      assert.strictEqual(
        list.queries.some((q) => "sort" in q),
        kind === google,
      );
      // the newest first, by createdAt, whatever the order of the answers
      assert.strictEqual(found[0]!.id, "j249");
    }
  });

  it("reads every page of a list within the bound; beyond it, the first and the last pages", async () => {
    const small = lister(jobs.slice(0, 35));
    const c = context((req) => small.answer(req)).client;
    const all = await readList(c, GPATH, {}, deadline(new FakeClock()));
    assert.deepStrictEqual([all.items.length, all.total, all.complete], [35, 35, true]);
    const big = lister(jobs);
    const b = await readList(context((req) => big.answer(req)).client, GPATH, {}, deadline(new FakeClock()));
    assert.strictEqual(b.complete, false);
    const ids = new Set(b.items.map((j) => j.id));
    assert.ok(ids.has("j0") && ids.has("j249") && ids.has("j170") && !ids.has("j100"), [...ids].join(","));
  });

  it("adopts the running job behind more than a page of history, oldest first (after a SIGKILL)", async () => {
    const history = [...jobs.slice(0, 140), gjob("killed", "in_progress", { createdAt: at(300) })];
    const list = lister(history);
    const { ctx, transport } = context((req) =>
      req.method === "GET" && req.path === GPATH ? list.answer(req) : ok(gjob("killed", "completed")),
    );
    const r = await ops.create(google, ctx, ginputs());
    assert.strictEqual(r.id, "killed");
    assert.strictEqual(transport.count("POST", GPATH), 0);
  });
});

describe("strict CM: a garbled answer", () => {
  it("a 2xx to the job-creating POST whose body is no job is looked up like a lost answer, not re-sent", async () => {
    const { ctx, transport } = context((req) => {
      if (req.method === "GET" && req.path === GPATH)
        return ok({ total: 1, resources: transport.count("POST", GPATH) ? [gjob("cut", "in_progress")] : [] });
      if (req.method === "POST") return ok('{"id":"cut","overall_sta', 201);
      return ok(gjob("cut", "completed"));
    });
    assert.strictEqual((await ops.create(google, ctx, ginputs())).id, "cut");
    assert.strictEqual(transport.count("POST", GPATH), 1);
  });
});

describe("strict CM: a refused start", () => {
  it("waits for the job the refusal names (another scope), saying so, then starts its own", async () => {
    let otherReads = 0;
    const { ctx, lines, transport } = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
      if (req.method === "GET" && req.path === `${GPATH}/${OTHER}`)
        return ok(gjob(OTHER, ++otherReads < 3 ? "in_progress" : "completed", { key_rings: ["other"] }));
      if (req.method === "POST") {
        if (otherReads < 3) throw busy(GPATH);
        return ok(gjob("mine", "in_progress"), 201);
      }
      return ok(gjob("mine", "completed"));
    });
    assert.strictEqual((await ops.create(google, ctx, ginputs())).id, "mine");
    assert.ok(lines.some((l) => l.includes(`waiting for CCKM job ${OTHER} (another job of this family) to end`)));
    assert.strictEqual(lines.filter((l) => l.includes("CCKM refused to start")).length, 1, "said once");
    // the named job is read (3 reads) until it ended, and only then is the POST sent again
    assert.strictEqual(transport.count("POST", GPATH), 2);
    assert.strictEqual(transport.count("GET", `${GPATH}/${OTHER}`), 3);
  });

  it("adopts the job the refusal names when it runs over the same scope (started by someone else)", async () => {
    const { ctx, transport } = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] }); // not listed yet
      if (req.method === "POST") throw busy(GPATH);
      return ok(gjob(OTHER, transport.count("GET", `${GPATH}/${OTHER}`) < 2 ? "in_progress" : "completed"));
    });
    assert.strictEqual((await ops.create(google, ctx, ginputs())).id, OTHER);
    assert.strictEqual(transport.count("POST", GPATH), 1);
  });

  it("a refusal that lasts past the deadline fails naming what it waited for", async () => {
    const { ctx } = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
      if (req.method === "POST") throw new CckmApiError("POST /api" + GPATH, 422, "", "a job is already running");
      return undefined;
    });
    await assert.rejects(
      ops.create(google, ctx, { ...ginputs(), timeoutSeconds: 30 }),
      /timed out after 30s waiting for the running job of this family to end/,
    );
  });
});

describe("strict CM: SAP key jobs without a job list", () => {
  const sjob = (state: string) => ({ id: OTHER, cckm_key_id: KEY, operation: "delete", state, createdAt: at(0) });
  const sinputs = () => check(sap, context(() => ok({})).ctx, { keyId: KEY, operation: "delete" }).inputs;
  const noList = (req: HttpRequest) =>
    req.method === "GET" && req.path === SPATH
      ? (() => {
          throw new CckmApiError("GET /api" + SPATH, 405, "NCERRBadRequest", "method not allowed");
        })()
      : undefined;

  it("adopts the key's running job through CM's refusal of a second job (after a SIGKILL)", async () => {
    const { ctx, transport } = context((req) => {
      noList(req);
      if (req.method === "POST") throw busy(SPATH);
      return ok(sjob(transport.count("GET", `${SPATH}/${OTHER}`) < 2 ? "IN_PROGRESS" : "COMPLETED"));
    });
    assert.strictEqual((await ops.create(sap, ctx, sinputs())).id, OTHER);
    assert.strictEqual(transport.count("POST", SPATH), 1);
  });

  it("after a lost POST answer, sends again and adopts the job CM's refusal names", async () => {
    const { ctx, transport } = context((req) => {
      noList(req);
      if (req.method === "POST") {
        if (transport.count("POST", SPATH) === 1)
          throw new CckmNetworkError("POST /api" + SPATH, "ECONNRESET", "hang up");
        throw busy(SPATH);
      }
      return ok(sjob(transport.count("GET", `${SPATH}/${OTHER}`) < 2 ? "IN_PROGRESS" : "COMPLETED"));
    });
    const r = await ops.create(sap, ctx, sinputs());
    assert.strictEqual(r.id, OTHER);
    assert.strictEqual(transport.count("POST", SPATH), 2);
  });
});

describe("strict CM: a SAP job that ended unseen", () => {
  it("is not recoverable, and the error says so from the key's state", async () => {
    const inputs = check(sap, context(() => ok({})).ctx, { keyId: KEY, operation: "delete" }).inputs;
    const { ctx } = context((req) => {
      if (req.method === "GET" && req.path === SPATH)
        throw new CckmApiError("GET /api" + SPATH, 405, "NCERRBadRequest", "method not allowed");
      if (req.method === "POST")
        throw new CckmApiError("POST /api" + SPATH, 400, "NCERRBadRequest", `key ${KEY} is already deleted from SAP`);
      if (req.path === `/v1/cckm/sap/keys/${KEY}`) return ok({ id: KEY, gone: true });
      return undefined;
    });
    await assert.rejects(ops.create(sap, ctx, inputs), (err: Error) => {
      assert.match(err.message, /HTTP 400 NCERRBadRequest: key .* is already deleted from SAP\. The key is already/);
      assert.match(err.message, /gone true\), probably by a delete job that ended while no `pulumi up` watched it/);
      assert.match(err.message, /take this resource out of the program/);
      return true;
    });
  });
});

describe("strict CM: item texts", () => {
  it("classifies texts: error words fail, documented and usual successes pass, others are unknown", () => {
    const table: [string, ReturnType<typeof itemOutcome>][] = [
      ["key ring synchronized successfully", "ok"],
      ["Synchronization completed", "ok"],
      ["OK", "ok"],
      ["synced 14 keys", "unknown"],
      ["14 keys imported", "unknown"],
      ["PERMISSION_DENIED: caller lacks cloudkms.cryptoKeys.list", "error"],
      ["not synchronized successfully", "error"],
      ["request timed out", "error"],
      ["synchronization aborted", "error"],
      ["in progress", "running"],
    ];
    for (const [text, outcome] of table) assert.strictEqual(itemOutcome(text), outcome, text);
  });

  it("a completed job with an unknown text succeeds, warns, and keeps the text in detailedStatus", async () => {
    const { ctx, lines } = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
      if (req.method === "POST") return ok(gjob("j", "in_progress"), 201);
      return ok(gjob("j", "completed", { detailed_status: { [RING]: "synced 14 keys" } }));
    });
    const r = await ops.create(google, ctx, ginputs());
    assert.strictEqual(r.outs.status, "completed");
    assert.deepStrictEqual(r.outs.detailedStatus, { [RING]: "synced 14 keys" });
    assert.ok(
      lines.some((l) => /warning: .*"synced 14 keys"/.test(l)),
      lines.join("\n"),
    );
  });

  it("a job whose overall status is failed fails, naming its items whatever they say", async () => {
    const { ctx } = context((req) => {
      if (req.method === "GET" && req.path === GPATH) return ok({ total: 0, resources: [] });
      if (req.method === "POST") return ok(gjob("j", "in_progress"), 201);
      return ok(gjob("j", "error", { detailed_status: { [RING]: "synced 0 keys" } }));
    });
    await assert.rejects(ops.create(google, ctx, ginputs()), (err: JobFailedError) => {
      assert.ok(err instanceof JobFailedError);
      assert.match(err.message, /ended error with 1 failing item: .*synced 0 keys/);
      return true;
    });
  });
});
