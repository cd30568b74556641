// The registry pages and the schema's distribution fields stay in step with the code: every connection setting and
// its environment variables are documented, every resource says how to `pulumi import` it, and the schema points at
// the release archives that `npm run plugin` names.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SETTING_SOURCES } from "../../provider/client/settings";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/distribution";
import { ENTRIES } from "../../provider/engine";
import { buildSchema } from "../../provider/plugin/schema";
import { archiveName } from "../../scripts/plugin";

const docs = path.resolve(__dirname, "../../docs");
const read = (file: string) => fs.readFileSync(path.join(docs, file), "utf8");

describe("registry docs and distribution", function () {
  const schema = buildSchema("1.2.3") as {
    pluginDownloadURL: string;
    resources: Record<string, { description: string }>;
  };

  it("gives every resource an Import section with its type token", function () {
    for (const [token, r] of Object.entries(schema.resources)) {
      assert.match(r.description, /\n\n## Import\n\nThe import ID is /, token);
      assert.ok(r.description.includes(`$ pulumi import ${token} `), `${token}: ${r.description}`);
    }
    assert.deepStrictEqual(
      ENTRIES.map((e) => e.name).sort(),
      Object.keys(schema.resources)
        .map((t) => t.split(":")[2])
        .sort(),
    );
  });

  it("points pluginDownloadURL at the GitHub releases, where the archives carry Pulumi's names", function () {
    assert.strictEqual(schema.pluginDownloadURL, PLUGIN_DOWNLOAD_URL);
    assert.match(PLUGIN_DOWNLOAD_URL, /^github:\/\/api\.github\.com\/[\w-]+\/[\w-]+$/);
    assert.strictEqual(archiveName("1.2.3", "windows", "arm64"), "pulumi-resource-cckm-v1.2.3-windows-arm64.tar.gz");
    assert.ok(read("installation-configuration.md").includes(PLUGIN_DOWNLOAD_URL));
  });

  it("documents every cckm:* setting with its environment variables", function () {
    const text = read("installation-configuration.md");
    for (const { config, env } of Object.values(SETTING_SOURCES)) {
      const row = text.split("\n").find((l) => l.startsWith(`| \`${config}\``));
      assert.ok(row, `${config} has no row in docs/installation-configuration.md`);
      for (const v of env) assert.ok(row.includes(`\`${v}\``), `${config}: ${v} missing from ${row}`);
    }
  });

  it("lists every resource's import ID in the installation page, and shows every language on the index", function () {
    const text = read("installation-configuration.md");
    for (const token of Object.keys(schema.resources)) assert.ok(text.includes(`| \`${token}\``), token);
    const index = read("_index.md");
    for (const lang of ["typescript", "python", "go", "csharp", "java", "yaml"])
      assert.ok(index.includes(`{{% choosable language ${lang} %}}`), lang);
  });
});
