// The schema the plugin serves, as data: one resource per kind of the registry, every input and output of the
// descriptors, secrets marked, and no environment fallback an SDK would read (and record) in the program.
import * as assert from "assert";
import { allOutputs, ENTRIES } from "../../provider/engine";
import { buildSchema, kindOfToken, typeToken } from "../../provider/plugin/schema";
import { SCHEDULE_INPUTS, SCHEDULE_OUTPUTS } from "../../provider/schedule/spec";

type Json = Record<string, Record<string, unknown>>;

describe("native provider: schema from the kind descriptors", function () {
  const schema = buildSchema("1.2.3") as { version: string; resources: Record<string, Json>; config: Json };

  it("has one resource per kind, with the descriptors' inputs and outputs", function () {
    assert.strictEqual(schema.version, "1.2.3");
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), ENTRIES.map((e) => typeToken(e.name)).sort());
    for (const kind of ENTRIES) {
      const r = schema.resources[typeToken(kind.name)];
      const inputs = kind.inputs;
      assert.deepStrictEqual(Object.keys(r.inputProperties).sort(), inputs.map((p) => p.name).sort());
      for (const p of inputs) {
        const s = r.inputProperties[p.name] as { description: string; default?: unknown };
        assert.ok(s.description.startsWith(p.description), `${kind.name}.${p.name} has the descriptor's text`);
        if (p.default !== undefined && !Array.isArray(p.default)) assert.strictEqual(s.default, p.default);
      }
      const outputs = allOutputs(kind).map((p) => p.name);
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

  it("has SyncSchedule with the schedule's own properties, none of a job's", function () {
    const r = schema.resources["cckm:index:SyncSchedule"];
    assert.deepStrictEqual(
      Object.keys(r.inputProperties),
      SCHEDULE_INPUTS.map((p) => p.name),
    );
    assert.deepStrictEqual(
      Object.keys(r.properties).sort(),
      [...SCHEDULE_OUTPUTS, ...SCHEDULE_INPUTS].map((p) => p.name).sort(),
    );
    for (const job of ["triggers", "timeoutSeconds", "jobId", "status"]) assert.ok(!(job in r.properties), job);
    assert.deepStrictEqual(r.requiredInputs, ["cloud", "runAt"]);
    const cloud = r.inputProperties.cloud as { description: string };
    assert.match(cloud.description, /One of: `aws`, `azure`, `google`, `oci`, `sap`\.$/);
    assert.strictEqual((r.inputProperties.runOn as { default?: unknown }).default, "any");
    // optional scope lists and dates are not always in the outputs; the computed ones and the defaulted are
    const required = r.required as unknown as string[];
    for (const n of ["runAt", "cloud", "scheduleName", "nextRunAt", "disabled"]) assert.ok(required.includes(n), n);
    for (const n of ["endDate", "keyRings", "kms", "lastRun", "runNowTriggers"]) assert.ok(!required.includes(n), n);
    // runNowTriggers: any values, like a job's triggers; lastRun: an object whose fields the description names
    assert.strictEqual((r.inputProperties.runNowTriggers as { type: string }).type, "array");
    assert.ok(!r.requiredInputs?.includes("runNowTriggers"));
    const lastRun = r.properties.lastRun as { type: string; additionalProperties: unknown; description: string };
    assert.strictEqual(lastRun.type, "object");
    assert.deepStrictEqual(lastRun.additionalProperties, { $ref: "pulumi.json#/Any" });
    for (const f of ["runId", "jobId", "runType", "status", "startedAt", "endedAt", "failingItems", "error"])
      assert.ok(lastRun.description.includes(`\`${f}\``), f);
    assert.strictEqual(kindOfToken("urn:pulumi:dev::p::cckm:index:SyncSchedule::nightly"), "SyncSchedule");
  });

  it("declares the connection settings, secrets as secrets, without environment defaults", function () {
    const vars = schema.config.variables as Record<string, { secret?: boolean; defaultInfo?: unknown }>;
    assert.deepStrictEqual(Object.keys(vars).sort(), [
      "address",
      "authDomain",
      "caCert",
      "coalesce",
      "domain",
      "insecureSkipVerify",
      "password",
      "refreshToken",
      "replicationLagSeconds",
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
