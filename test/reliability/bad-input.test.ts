// Issue 6, point 4: a corpus of bad configurations (bad-inputs.ts) each fails at `preview` with a message naming the
// property, and the simulator sees no request at all. The engine stops a preview at the first failed check, so
// every entry gets a preview of its own: four stacks of one program work through the corpus side by side, each
// entry's stack config written straight into its Pulumi.<stack>.yaml (JSON is YAML) to save CLI calls. Through both
// front ends: the plugin reads its configuration through Configure, the dynamic provider from the stack's config.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CliStack, createCliStack, RunResult } from "../../scripts/engine";
import { startSimulator, Simulator } from "../../simulator";
import { BAD_RESOURCES, BAD_SETTINGS } from "./bad-inputs";
import { frontEndTitle, frontEnds, writeGenericProgram } from "../frontends";
import { assertBuilt, FAST_POLLING } from "./helpers";
import { DSM } from "./fixtures";

interface Case {
  name: string;
  what: string;
  property: string;
  spec: Record<string, unknown>;
  config: Record<string, string | undefined>;
  env?: Record<string, string>;
}

const WORKERS = 4;

for (const frontEnd of frontEnds())
  describe(`reliability: bad input fails at preview, naming the property, with no request (${frontEndTitle(frontEnd)})`, function () {
    let sim: Simulator;
    let programDir: string;
    const stacks: CliStack[] = [];
    const results = new Map<string, RunResult>();
    const cases: Case[] = [];

    before(async function () {
      assertBuilt();
      sim = await startSimulator({ port: 0, quiet: true });
      programDir = writeGenericProgram("rel-bad-input", frontEnd);
      const caFile = path.join(programDir, "ca.pem");
      fs.writeFileSync(caFile, sim.caCert);
      const garbled = path.join(programDir, "garbled.pem");
      fs.writeFileSync(garbled, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
      const base = {
        "cckm:address": sim.url,
        "cckm:caCert": caFile,
        "cckm:username": "admin",
        "cckm:password": "admin",
      };
      for (const [name, bad] of Object.entries(BAD_RESOURCES)) {
        cases.push({
          name,
          what: bad.what,
          property: bad.property,
          spec: { [name]: { kind: bad.kind, args: bad.args } },
          config: base,
        });
      }
      BAD_SETTINGS.forEach((bad, i) => {
        const config: Record<string, string | undefined> = { ...base, ...bad.config };
        if (config["cckm:caCert"] === "CA_FILE_GARBLED") config["cckm:caCert"] = garbled;
        cases.push({
          name: `setting${i}`,
          what: bad.what,
          property: bad.property,
          spec: { [`setting${i}`]: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } } },
          config,
          env: bad.env,
        });
      });

      for (let i = 0; i < WORKERS; i++) {
        stacks.push(await createCliStack({ programDir, stackName: `w${i}`, env: FAST_POLLING }));
      }
      const queue = [...cases];
      const started = Date.now();
      await Promise.all(
        stacks.map(async (stack) => {
          const file = path.join(programDir, `Pulumi.${stack.stackName}.yaml`);
          for (let c = queue.shift(); c; c = queue.shift()) {
            const config: Record<string, string> = { "test:spec": JSON.stringify(c.spec) };
            for (const [k, v] of Object.entries(c.config)) if (v !== undefined) config[k] = v;
            fs.writeFileSync(file, JSON.stringify({ config }));
            results.set(c.name, await stack.preview([], { allowFailure: true, env: c.env }));
          }
        }),
      );
      console.log(
        `      bad input: ${cases.length} previews on ${WORKERS} stacks in ${Math.round((Date.now() - started) / 1000)} s, ` +
          `${sim.counters().requests} requests seen by the simulator`,
      );
    });

    after(async function () {
      for (const stack of stacks) await stack.dispose();
      await sim?.stop();
      if (programDir) fs.rmSync(programDir, { recursive: true, force: true });
    });

    it(`holds at least 25 bad configurations`, function () {
      assert.ok(cases.length >= 25, `${cases.length} cases`);
    });

    it("makes no request to CCKM for any of them", function () {
      assert.strictEqual(sim.counters().requests, 0);
      assert.deepStrictEqual(sim.requestLog(), []);
    });

    const all = [
      ...Object.entries(BAD_RESOURCES).map(([name, b]) => ({ name, what: b.what, property: b.property })),
      ...BAD_SETTINGS.map((b, i) => ({ name: `setting${i}`, what: b.what, property: b.property })),
    ];
    for (const c of all) {
      it(`${c.what}: fails at preview naming ${c.property}`, function () {
        const r = results.get(c.name);
        assert.ok(r, "previewed");
        assert.notStrictEqual(r.code, 0, `preview of ${c.name} must fail:\n${r.output}`);
        const escaped = c.property.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        assert.match(r.output, new RegExp(`resource '${c.name}': property ${escaped} value .* has a problem: `));
      });
    }
  });
