// The schema the plugin serves, as data: one resource per kind of the registry, every input and output of the
// descriptors, secrets marked, and no environment fallback an SDK would read (and record) in the program.
import * as assert from "assert";
import { COMMON_INPUTS, COMMON_OUTPUTS, kinds } from "../../provider/engine";
import { buildSchema, kindOfToken, typeToken } from "../../provider/native/schema";

type Json = Record<string, Record<string, unknown>>;

describe("native provider: schema from the kind descriptors", function () {
  const schema = buildSchema("1.2.3") as { version: string; resources: Record<string, Json>; config: Json };

  it("has one resource per kind, with the descriptors' inputs and outputs", function () {
    assert.strictEqual(schema.version, "1.2.3");
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), Object.keys(kinds).map(typeToken).sort());
    for (const kind of Object.values(kinds)) {
      const r = schema.resources[typeToken(kind.name)];
      const inputs = [...kind.inputs, ...COMMON_INPUTS];
      assert.deepStrictEqual(Object.keys(r.inputProperties).sort(), inputs.map((p) => p.name).sort());
      for (const p of inputs) {
        const s = r.inputProperties[p.name] as { description: string; default?: unknown };
        assert.ok(s.description.startsWith(p.description), `${kind.name}.${p.name} has the descriptor's text`);
        if (p.default !== undefined && !Array.isArray(p.default)) assert.strictEqual(s.default, p.default);
      }
      const outputs = [...COMMON_OUTPUTS, ...kind.outputs, ...inputs].map((p) => p.name);
      assert.deepStrictEqual(Object.keys(r.properties).sort(), [...new Set(outputs)].sort());
      assert.deepStrictEqual(
        ((r.requiredInputs as unknown as string[] | undefined) ?? []).sort(),
        inputs
          .filter((p) => p.required)
          .map((p) => p.name)
          .sort(),
      );
      assert.strictEqual(kindOfToken(`urn:pulumi:dev::p::${typeToken(kind.name)}::x`), kind.name);
    }
  });

  it("declares the connection settings, secrets as secrets, without environment defaults", function () {
    const vars = schema.config.variables as Record<string, { secret?: boolean; defaultInfo?: unknown }>;
    assert.deepStrictEqual(Object.keys(vars).sort(), [
      "address",
      "authDomain",
      "caCert",
      "domain",
      "insecureSkipVerify",
      "password",
      "refreshToken",
      "username",
    ]);
    assert.deepStrictEqual(
      Object.entries(vars)
        .filter(([, v]) => v.secret)
        .map(([k]) => k)
        .sort(),
      ["password", "refreshToken"],
    );
    assert.ok(Object.values(vars).every((v) => v.defaultInfo === undefined));
  });

  it("refuses a type token of another package", function () {
    assert.throws(() => kindOfToken("aws:s3:Bucket"), /unknown resource type "aws:s3:Bucket"/);
  });
});
