// pulumi-cckm-codegen: our SDK generator (scripts/toolchain/codegen/main.go), built and cached like the hosts,
// and a function that runs it into a fresh folder.
import * as fs from "fs";
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
  execFileAsync,
  goAvailable,
  goBuild,
  goDownload,
  isExecutable,
  pinnedVersion,
  say,
  seconds,
  ToolchainOptions,
  wrapperDigest,
} from "./common";

export type SdkLanguage = "python" | "go" | "nodejs" | "dotnet";
export const sdkLanguages: readonly SdkLanguage[] = ["python", "go", "nodejs", "dotnet"];

const name = "pulumi-cckm-codegen";

/** The generator's path, built from its wrapper module when the cache has no build of this source. */
export async function ensureCodegen(opts: ToolchainOptions = {}): Promise<string> {
  const started = Date.now();
  const pkgVersion = pinnedVersion("codegen", "github.com/pulumi/pulumi/pkg/v3");
  // Keyed by a digest of main.go, go.mod and go.sum: editing the generator rebuilds it, and only it.
  const versionDir = path.join(cacheRoot(), `codegen-pkg-${pkgVersion}-${wrapperDigest("codegen")}`);
  if (!isExecutable(path.join(versionDir, "bin", name)) && !(await goAvailable())) {
    throw new Error(`${name} is built with Go, which is not installed: install Go >= 1.24 and run this again.`);
  }
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: name,
      files: [name],
      build: async (tmp, log) => {
        say(opts, `building ${name} (codegen of pkg v${pkgVersion}) with Go; log: ${log}`);
        await goDownload("codegen", log);
        await goBuild("codegen", ".", path.join(tmp, name), "", log);
      },
    },
    opts,
  );
  say(opts, `${name} ${built ? "built" : "from cache"} at ${dir} (${seconds(started)})`);
  return path.join(dir, name);
}

/**
 * Writes the `language` SDK of the schema into `outDir`, which is emptied first so that a file the schema no
 * longer produces does not linger. Returns the generated files, relative to outDir.
 */
export async function generateSdk(
  schemaFile: string,
  language: SdkLanguage,
  outDir: string,
  opts: ToolchainOptions & { version?: string } = {},
): Promise<string[]> {
  const codegen = await ensureCodegen(opts);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const args = ["--schema", schemaFile, "--language", language, "--out", outDir];
  if (opts.version) args.push("--version", opts.version);
  try {
    await execFileAsync(codegen, args, { timeout: 5 * 60_000 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${name} could not write the ${language} SDK of ${schemaFile}: ${e.stderr?.trim() || e.message}`);
  }
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.relative(outDir, path.join(d, e.name)));
    }
  };
  walk(outDir);
  return files.sort();
}
