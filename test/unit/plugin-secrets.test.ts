// The plugin's secretness of outputs (provider/plugin/secrets.ts): an output is secret when it echoes a secret input
// or holds its text anywhere, as a value or as a key.
import * as assert from "assert";
import { secretOutputs, unwrapSecrets, wrapSecrets } from "../../provider/plugin/secrets";

const SIG = "4dabf18193072939515e22adb298388d";
const wrapped = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

describe("plugin secrets: which outputs are secret", function () {
  const given = unwrapSecrets({
    keyRings: wrapped(["projects/p/locations/l/keyRings/secret-ring"]),
    timeoutSeconds: 60,
  });

  it("unwraps a secret input and remembers its name", function () {
    assert.deepStrictEqual(given.plain.keyRings, ["projects/p/locations/l/keyRings/secret-ring"]);
    assert.deepStrictEqual([...given.secrets], ["keyRings"]);
  });

  it("marks the echo, a value holding the text and an object keyed by it; leaves the rest plain", function () {
    const outs = {
      keyRings: ["projects/p/locations/l/keyRings/secret-ring"],
      detailedStatus: { "projects/p/locations/l/keyRings/secret-ring": "completed" },
      failedItems: ["projects/p/locations/l/keyRings/secret-ring: denied"],
      status: "completed",
      jobId: "j-1",
    };
    const names = secretOutputs(outs, given.plain, given.secrets);
    assert.deepStrictEqual([...names].sort(), ["detailedStatus", "failedItems", "keyRings"]);
    const out = wrapSecrets(outs, names);
    assert.deepStrictEqual(out.detailedStatus, wrapped(outs.detailedStatus));
    assert.strictEqual(out.status, "completed");
  });

  it("marks nothing when no input is secret", function () {
    const plain = unwrapSecrets({ keyRings: ["r"] });
    assert.strictEqual(
      secretOutputs({ keyRings: ["r"], detailedStatus: { r: "completed" } }, plain.plain, plain.secrets).size,
      0,
    );
  });
});
