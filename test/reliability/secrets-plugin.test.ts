// Issue 19, point 4: the `cckm` plugin accepts secrets (Configure answers acceptSecrets: true), so secretness is the
// plugin's to keep, not the engine's fallback: a secret resource input is a secret among the inputs and outputs in
// state; the password given as plain stack config is still stored as a secret and not in plain text in
// `stack export`. secrets.test.ts checks the connection secrets (CLI output, -v=9 log) through both front ends.
import * as assert from "assert";
import { GOOGLE } from "./fixtures";
import { Rig, rig, Spec } from "./helpers";

const SIG = "4dabf18193072939515e22adb298388d";
const PASSWORD = "Plain-Given-Pa55-7c1d";
const RING = GOOGLE[0];

const spec: Spec = { rings: { kind: "GoogleKeySync", args: { keyRings: { $secret: [RING] } } } };

const isSecret = (v: unknown) =>
  !!v &&
  typeof v === "object" &&
  SIG in (v as object) &&
  typeof (v as { ciphertext?: unknown }).ciphertext === "string";

describe("reliability: secrets through the native provider (acceptSecrets)", function () {
  let r: Rig | undefined;

  afterEach(async function () {
    await r?.dispose();
    r = undefined;
  });

  it("a secret input and the outputs holding it stay secret; a password given plain is stored secret", async function () {
    r = await rig("secrets-plugin", spec, {
      sim: { password: PASSWORD },
      frontEnd: "native",
      config: { "cckm:password": PASSWORD },
    });
    await r.stack.up(["--skip-preview"]);
    await r.stack.refresh(["--skip-preview"]);
    const exported = await r.stack.exportState();
    const shown = await r.stack.exportState({ showSecrets: true });
    const resources = exported.deployment.resources ?? [];

    const provider = resources.find((x) => x.type === "pulumi:providers:cckm");
    assert.ok(isSecret(provider?.inputs?.password), "the password given as plain config is a secret in state");
    const rings = resources.find((x) => x.type === r!.type("GoogleKeySync"));
    assert.ok(rings, "the resource is in state");
    assert.ok(isSecret(rings.inputs?.keyRings), "the secret input is a secret among the inputs");
    assert.ok(isSecret(rings.outputs?.keyRings), "and among the outputs");
    const shownRings = (shown.deployment.resources ?? []).find((x) => x.type === r!.type("GoogleKeySync"));
    const plaintext = (shownRings?.outputs?.keyRings as { plaintext?: string } | undefined)?.plaintext;
    assert.deepStrictEqual(JSON.parse(plaintext ?? "null"), [RING], "--show-secrets shows the value");
    // an output derived from the secret is secret too: detailedStatus is keyed by the ring's name
    const plain = Object.entries(rings.outputs ?? {}).filter(
      ([, v]) => !isSecret(v) && JSON.stringify(v).includes(RING),
    );
    assert.deepStrictEqual(
      plain.map(([k]) => k),
      [],
      "no output holds the secret input's text in plain",
    );
    assert.ok(isSecret(rings.outputs?.detailedStatus), "detailedStatus, keyed by the secret ring, is a secret");

    assert.ok(!JSON.stringify(exported).includes(PASSWORD), "the password in plain text in stack export");
  });
});
