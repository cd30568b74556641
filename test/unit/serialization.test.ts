// The provider serialized into state is thin: no credentials, no captured config, no copy of our modules or axios.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ENTRIES } from "../../provider/registry";
import { providerFor } from "../../provider/dynamic/serialized";

// every kind the runtime knows: a new kind is covered without touching this test
const KINDS = ENTRIES.map((e) => e.name);

describe("serialized provider", () => {
  const secrets = { CIPHERTRUST_PASSWORD: "hunter2-secret-pw", CIPHERTRUST_REFRESH_TOKEN: "rt-secret-token" };
  before(() => Object.assign(process.env, secrets));
  after(() => {
    for (const k of Object.keys(secrets)) delete process.env[k];
  });

  for (const kind of KINDS) {
    it(`${kind}: only the kind string and require("pulumi-cckm/runtime")`, async () => {
      const provider = providerFor(kind);
      const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      const text = sf.text;
      assert.ok(text.length < 2500, `__provider is ${text.length} bytes`);
      assert.ok(text.includes(`"${kind}"`), "the kind string is captured");
      assert.ok(text.includes('require("pulumi-cckm/runtime")'));
      for (const word of [
        "axios",
        "hunter2",
        "rt-secret",
        "password",
        "CIPHERTRUST",
        "__awaiter",
        "client/",
        "kinds/",
      ]) {
        assert.ok(!text.includes(word), `__provider mentions ${word}:\n${text}`);
      }
      assert.strictEqual(sf.containsSecrets, false);
      for (const m of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
        assert.ok(text.includes(`${m}:`) || text.includes(`${m}(`) || text.includes(`"${m}"`), `method ${m}`);
      }
    });
  }

  it("one provider object per kind (serialized once per program run)", () => {
    assert.strictEqual(providerFor("GoogleKeySync"), providerFor("GoogleKeySync"));
    // the module's exports, so that an installed package is serialized by reference (pulumi-cckm/providers/<kind>)
    const file = require.resolve("../../provider/providers/googleKeySync");
    assert.strictEqual(require.cache[file]?.exports, providerFor("GoogleKeySync"));
  });
});
