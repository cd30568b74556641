// Issue 18 point 2: a node list in cckm:address / CIPHERTRUST_ADDRESS, and the replication-lag bound setting, are
// validated like the address always was (at preview, naming the setting and every entry at fault).
import * as assert from "assert";
import { CckmConfigError } from "../../provider/client/errors";
import {
  connectionKey,
  DEFAULT_REPLICATION_LAG_SECONDS,
  nodesOf,
  parseNodeList,
  replicationLagMs,
  resolveSettings,
} from "../../provider/client/settings";
import { settingsProblem } from "../../provider/jobs/context";

const creds = { "cckm:username": "u", "cckm:password": "p" };

function configError(fn: () => unknown): CckmConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CckmConfigError) return err;
    throw err;
  }
  throw new Error("no error");
}

describe("cluster settings: a node list", () => {
  it("takes several node URLs, comma-separated, normalized each, in the order given", () => {
    const s = resolveSettings({
      "cckm:address": " cm1.example , https://cm2.example:8443/api/,http://10.0.0.3 ",
      ...creds,
    });
    assert.deepStrictEqual(s.nodes, ["https://cm1.example", "https://cm2.example:8443", "http://10.0.0.3"]);
    assert.deepStrictEqual(nodesOf(s), s.nodes);
    assert.strictEqual(s.address, "https://cm1.example, https://cm2.example:8443, http://10.0.0.3");
  });

  it("one URL is one node, as before (no node list)", () => {
    const s = resolveSettings({ "cckm:address": "https://cm.example/", ...creds });
    assert.strictEqual(s.address, "https://cm.example");
    assert.strictEqual(s.nodes, undefined);
    assert.deepStrictEqual(nodesOf(s), ["https://cm.example"]);
  });

  it("reads the list from CIPHERTRUST_ADDRESS too, and names that variable in errors", () => {
    const env = {
      CIPHERTRUST_ADDRESS: "https://a.example,https://b.example",
      CIPHERTRUST_USERNAME: "u",
      CIPHERTRUST_PASSWORD: "p",
    };
    assert.deepStrictEqual(resolveSettings({}, env).nodes, ["https://a.example", "https://b.example"]);
    const err = configError(() => resolveSettings({}, { ...env, CIPHERTRUST_ADDRESS: "https://a.example,ftp://b" }));
    assert.strictEqual(err.setting, "CIPHERTRUST_ADDRESS");
  });

  it("names every entry at fault in one error: malformed, repeated, empty", () => {
    const err = configError(() =>
      parseNodeList("https://ok.example, ftp://cm2, https://cm3.example?x=1, https://ok.example/, "),
    );
    assert.strictEqual(err.setting, "cckm:address");
    assert.match(err.reason, /"ftp:\/\/cm2" must use https:\/\//);
    assert.match(err.reason, /"https:\/\/cm3\.example\?x=1" is not a valid address/);
    assert.match(err.reason, /"https:\/\/ok\.example\/" is listed twice/);
    assert.match(err.reason, /entry 5 of the list is empty/);
    assert.match(err.reason, /comma-separated list of the cluster's node URLs/);
  });

  it("a bad list fails at preview as a check failure naming the setting (no request)", () => {
    const problem = settingsProblem({
      config: { "cckm:address": "https://cm1.example,https://cm2.example:99999", ...creds },
      env: {},
      log: () => undefined,
    });
    assert.strictEqual(problem?.property, "cckm:address");
    assert.match(problem?.reason ?? "", /cm2\.example:99999/);
  });

  it("a node list is one connection: one client and token for the same list", () => {
    const a = resolveSettings({ "cckm:address": "https://a.example,https://b.example", ...creds });
    const b = resolveSettings({ "cckm:address": "a.example, b.example", ...creds });
    const other = resolveSettings({ "cckm:address": "https://b.example,https://a.example", ...creds });
    assert.strictEqual(connectionKey(a), connectionKey(b));
    assert.notStrictEqual(connectionKey(a), connectionKey(other));
  });
});

describe("cluster settings: the replication-lag bound", () => {
  it("defaults to a few seconds", () => {
    const s = resolveSettings({ "cckm:address": "https://cm.example", ...creds });
    assert.strictEqual(s.replicationLagSeconds, undefined);
    assert.strictEqual(replicationLagMs(s), DEFAULT_REPLICATION_LAG_SECONDS * 1000);
    assert.ok(DEFAULT_REPLICATION_LAG_SECONDS >= 2 && DEFAULT_REPLICATION_LAG_SECONDS <= 10);
  });

  it("is read from cckm:replicationLagSeconds, then CIPHERTRUST_REPLICATION_LAG_SECONDS; 0 turns it off", () => {
    const base = { "cckm:address": "https://cm.example", ...creds };
    assert.strictEqual(replicationLagMs(resolveSettings({ ...base, "cckm:replicationLagSeconds": "2.5" })), 2500);
    const env = { CIPHERTRUST_REPLICATION_LAG_SECONDS: "0" };
    const s = resolveSettings(base, env);
    assert.strictEqual(replicationLagMs(s), 0);
    assert.strictEqual(s.sources.replicationLagSeconds, "CIPHERTRUST_REPLICATION_LAG_SECONDS");
  });

  it("refuses what is not a number of seconds from 0 to 300, naming the setting", () => {
    for (const bad of ["-1", "soon", "301", "NaN"]) {
      const err = configError(() =>
        resolveSettings({ "cckm:address": "https://cm.example", ...creds, "cckm:replicationLagSeconds": bad }),
      );
      assert.strictEqual(err.setting, "cckm:replicationLagSeconds", bad);
    }
  });
});
