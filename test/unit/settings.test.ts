// Connection settings: precedence (stack config, then CIPHERTRUST_*, then CM_*) and validation naming the setting.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CckmConfigError } from "../../provider/client/errors";
import { connectionKey, normalizeAddress, parseBool, resolveSettings } from "../../provider/client/settings";
import { generateTls } from "../../simulator/tls";

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

describe("connection settings", () => {
  it("takes stack config first, then CIPHERTRUST_*, then CM_*", () => {
    const env = {
      CIPHERTRUST_ADDRESS: "https://ct.example",
      CM_ADDRESS: "https://cm.example",
      CM_USERNAME: "cmuser",
      CM_PASSWORD: "cmpw",
    };
    assert.strictEqual(
      resolveSettings({ "cckm:address": "https://cfg.example", ...creds }, env).address,
      "https://cfg.example",
    );
    const s = resolveSettings({}, env);
    assert.strictEqual(s.address, "https://ct.example");
    assert.strictEqual(s.username, "cmuser");
    assert.deepStrictEqual(s.sources, {
      address: "CIPHERTRUST_ADDRESS",
      username: "CM_USERNAME",
      password: "CM_PASSWORD",
    });
    assert.strictEqual(
      resolveSettings({}, { CM_ADDRESS: "cm.example", CM_USERNAME: "a", CM_PASSWORD: "b" }).address,
      "https://cm.example",
    );
  });

  it("ignores empty values", () => {
    const s = resolveSettings({ "cckm:address": "", ...creds }, { CIPHERTRUST_ADDRESS: "https://env.example" });
    assert.strictEqual(s.address, "https://env.example");
  });

  it("normalizes addresses and refuses malformed ones, naming the setting", () => {
    assert.strictEqual(normalizeAddress("cm.example.com"), "https://cm.example.com");
    assert.strictEqual(normalizeAddress("https://cm.example.com:8443/api/"), "https://cm.example.com:8443");
    assert.strictEqual(normalizeAddress("http://127.0.0.1:9000/"), "http://127.0.0.1:9000");
    for (const bad of ["ftp://cm", "https://cm.example?x=1", "http://exa mple", "https://"]) {
      assert.strictEqual(configError(() => normalizeAddress(bad)).setting, "cckm:address", bad);
    }
    assert.strictEqual(
      configError(() => resolveSettings({}, { CIPHERTRUST_ADDRESS: "ftp://x", CM_USERNAME: "a", CM_PASSWORD: "b" }))
        .setting,
      "CIPHERTRUST_ADDRESS",
    );
  });

  it("requires an address and credentials", () => {
    assert.strictEqual(configError(() => resolveSettings(creds, {})).setting, "cckm:address");
    assert.match(configError(() => resolveSettings({ "cckm:address": "cm" }, {})).message, /no credentials/);
    assert.ok(resolveSettings({ "cckm:address": "cm", "cckm:refreshToken": "rt" }, {}).refreshToken);
  });

  it("takes caCert as PEM text or a file path; anything else fails naming the setting", () => {
    const { caCert } = generateTls(["127.0.0.1"]);
    const base = { "cckm:address": "cm", ...creds };
    assert.ok(resolveSettings({ ...base, "cckm:caCert": caCert }, {}).caCert?.includes("BEGIN CERTIFICATE"));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cckm-ca-")), "ca.pem");
    fs.writeFileSync(file, caCert);
    assert.strictEqual(resolveSettings({ ...base }, { CIPHERTRUST_CA_CERT: file }).caCert, caCert.trim());
    assert.strictEqual(
      configError(() => resolveSettings({ ...base, "cckm:caCert": "/no/such/file.pem" }, {})).setting,
      "cckm:caCert",
    );
    assert.match(
      configError(() =>
        resolveSettings(
          { ...base, "cckm:caCert": "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----" },
          {},
        ),
      ).message,
      /not a valid X.509/,
    );
    fs.writeFileSync(file, "hello");
    assert.match(
      configError(() => resolveSettings({ ...base, "cckm:caCert": file }, {})).message,
      /no PEM certificate/,
    );
  });

  it("parses insecureSkipVerify", () => {
    assert.strictEqual(parseBool("true", "x"), true);
    assert.strictEqual(parseBool("0", "x"), false);
    assert.strictEqual(
      configError(() => parseBool("maybe", "cckm:insecureSkipVerify")).setting,
      "cckm:insecureSkipVerify",
    );
  });

  it("keys connections by a hash that shows no secret", () => {
    const s = resolveSettings({ "cckm:address": "cm", "cckm:username": "u", "cckm:password": "hunter2" }, {});
    const key = connectionKey(s);
    assert.ok(!key.includes("hunter2") && key.length === 24);
    assert.notStrictEqual(key, connectionKey({ ...s, password: "other" }));
  });
});
