// One registry: every kind (SyncSchedule included) is one entry, and the public classes, the serialized-provider
// modules and the schema name exactly its kinds; every property is described as data in the one spec shape.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as cckm from "../../provider";
import { CckmResource } from "../../provider/dynamic/resource";
import { buildSchema, typeToken } from "../../provider/plugin/schema";
import { allOutputs, ENTRIES, entryOf } from "../../provider/registry";

const classes = Object.entries(cckm)
  .filter(([, v]) => typeof v === "function" && v.prototype instanceof CckmResource)
  .filter(([name]) => !["CckmJobResource", "SyncJobResource"].includes(name))
  .map(([name]) => name)
  .sort();

describe("registry: one entry per kind", () => {
  const names = ENTRIES.map((e) => e.name).sort();

  it("the classes, the providers/<kind> modules and the schema name the registry's kinds, SyncSchedule included", () => {
    assert.ok(names.includes("SyncSchedule"));
    assert.deepStrictEqual(classes, names);
    const modules = fs
      .readdirSync(path.join(__dirname, "../../provider/providers"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    assert.deepStrictEqual(modules, names.map((k) => k[0].toLowerCase() + k.slice(1)).sort());
    const schema = buildSchema("0.0.0") as { resources: Record<string, unknown> };
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), names.map(typeToken).sort());
  });

  it("every property has a type and a description, no name twice, and what CM keeps names its API field", () => {
    for (const e of ENTRIES) {
      const all = [...e.inputs, ...e.outputs];
      assert.strictEqual(new Set(all.map((p) => p.name)).size, all.length, `${e.name}: a name twice`);
      for (const p of all) assert.ok(p.type && p.description.length > 10, `${e.name}.${p.name}`);
      // what pulumi import reads back: every input but the engine's own (triggers, timeoutSeconds, maxAgeSeconds,
      // SyncSchedule's runNowTriggers), which CM does not keep
      const own = ["triggers", "timeoutSeconds", "maxAgeSeconds", "runNowTriggers"];
      for (const p of e.inputs.filter((i) => !own.includes(i.name))) {
        assert.ok(p.api, `${e.name}.${p.name} names its API field`);
      }
      assert.ok(e.description.length > 40 && e.importId, e.name);
    }
  });

  it("job kinds have the job outputs; SyncSchedule has a default-name hook and none of a job's", () => {
    for (const e of ENTRIES.filter((x) => x.name !== "SyncSchedule")) {
      const outs = allOutputs(e).map((p) => p.name);
      assert.ok(outs.includes("jobId") && outs.includes("triggers"), e.name);
      assert.match(e.importId, /^the CCKM job id .*cannot be imported$/, e.name);
    }
    const s = entryOf("SyncSchedule");
    assert.strictEqual(s.defaultName?.("proj", "dev", "nightly"), "proj-dev-nightly");
    assert.ok(!allOutputs(s).some((p) => ["jobId", "triggers"].includes(p.name)));
    assert.throws(() => entryOf("NoSuchKind"), /unknown resource kind "NoSuchKind"/);
  });
});
