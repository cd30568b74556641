// One source of names: the public classes, the kind registry and the serialized-provider modules agree, and every
// descriptor declares its properties as data that a schema can be generated from.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as cckm from "../../provider";
import { COMMON_INPUTS, COMMON_OUTPUTS, outputNames } from "../../provider/core/kind";
import { kinds } from "../../provider/kinds";

const classes = Object.entries(cckm)
  .filter(([, v]) => typeof v === "function" && v.prototype instanceof cckm.CckmJobResource)
  .filter(([name]) => name !== "SyncJobResource")
  .map(([name]) => name)
  .sort();

describe("kind registry", () => {
  it("the classes, the registry and the providers/<kind> modules name the same kinds", () => {
    const modules = fs
      .readdirSync(path.join(__dirname, "../../provider/providers"))
      .map((f) => f.replace(/\.ts$/, ""))
      // SyncSchedule is a regular resource, not a job kind (provider/schedule/; test/schedule/ checks its module)
      .filter((m) => m !== "syncSchedule")
      .sort();
    const registry = Object.keys(kinds).sort();
    assert.deepStrictEqual(classes, registry);
    assert.deepStrictEqual(
      modules,
      registry.map((k) => k[0].toLowerCase() + k.slice(1)),
    );
    registry.forEach((k, i) => {
      const text = fs.readFileSync(path.join(__dirname, `../../provider/providers/${modules[i]}.ts`), "utf8");
      assert.match(text, new RegExp(`thinProvider\\("${k}"\\)`), `providers/${modules[i]}.ts serves ${k}`);
    });
  });

  it("every property has a type and a description, and no name is declared twice", () => {
    for (const kind of Object.values(kinds)) {
      const all = [...kind.inputs, ...COMMON_INPUTS, ...kind.outputs, ...COMMON_OUTPUTS];
      assert.strictEqual(new Set(all.map((p) => p.name)).size, all.length, `${kind.name}: a name twice`);
      for (const p of all) assert.ok(p.type && p.description.length > 10, `${kind.name}.${p.name}`);
      assert.ok(outputNames(kind).includes("jobId") && outputNames(kind).includes("triggers"), kind.name);
    }
  });
});
