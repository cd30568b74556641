// The dynamic classes (their TSDoc included) and the serialized-provider modules are generated from the registry:
// what is committed is what `npm run gen-classes` writes now (as test/plugin/sdk.test.ts for the SDKs).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { generatedFiles, repoRoot } from "../../scripts/gen-classes";

describe("generated from the registry: the dynamic classes and the providers/<kind> modules", function () {
  this.timeout(30000);

  it("are what `npm run gen-classes` writes from the registry now", async () => {
    const stale: string[] = [];
    for (const [file, text] of Object.entries(await generatedFiles())) {
      const at = path.join(repoRoot, file);
      if (!fs.existsSync(at) || fs.readFileSync(at, "utf8") !== text) stale.push(file);
    }
    assert.deepStrictEqual(stale, [], "run `npm run gen-classes` and commit the result");
  });
});
