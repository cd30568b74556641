// `npm run gen-sdk`: writes the provider's schema (sdk/schema.json) and the SDKs generated from it (sdk/python,
// sdk/go/cckm, sdk/dotnet) with the Go code generators of pkg/v3 (scripts/toolchain/codegen, built and cached by
// the toolchain). The SDKs are committed; test/plugin/sdk.test.ts regenerates them and fails on any difference.
//
// sdk/nodejs is not generated: TypeScript users have the dynamic classes (the package's own API), and a second set
// of classes with the same names but other state would only make them choose wrongly. A TypeScript program that
// wants the plugin (e.g. for `pulumi import`) can use `new pulumi.CustomResource("cckm:index:<Kind>", ...)`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { buildSchema, GO_IMPORT_BASE } from "../provider/plugin/schema";
import { ensureCodegen } from "./toolchain";

const execFileAsync = promisify(execFile);
export const repoRoot = path.resolve(__dirname, "..");
export const sdkRoot = path.join(repoRoot, "sdk");

/** Language -> the folder under sdk/ the generator writes into (Go puts its package in a `cckm` subfolder). */
export const SDK_LANGUAGES: Record<string, string> = { python: "python", go: "go", dotnet: "dotnet" };

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

/** The schema as the plugin serves it, as a file (two-space JSON, newline at the end). */
export function schemaText(): string {
  return JSON.stringify(buildSchema(packageVersion()), null, 2) + "\n";
}

/** The `pulumi-cckm-codegen` binary: from the toolchain (built and cached once), or PULUMI_CCKM_CODEGEN. */
export async function codegenBinary(): Promise<string> {
  if (process.env.PULUMI_CCKM_CODEGEN) return process.env.PULUMI_CCKM_CODEGEN;
  return ensureCodegen({ verbose: process.env.PULUMI_CCKM_QUIET !== "1" });
}

/** Generates the schema and every SDK into `outDir` (which is emptied first). */
export async function generateInto(outDir: string): Promise<void> {
  const codegen = await codegenBinary();
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const schemaFile = path.join(outDir, "schema.json");
  fs.writeFileSync(schemaFile, schemaText());
  // the .NET generator's logo download is answered offline by pulumi-cckm-codegen itself (a plain square)
  for (const [language, folder] of Object.entries(SDK_LANGUAGES)) {
    await execFileAsync(codegen, ["--schema", schemaFile, "--language", language, "--out", path.join(outDir, folder)]);
  }
  await goModule(path.join(outDir, "go"));
}

/**
 * The Go SDK's module (sdk/go, holding package cckm): a go.mod on the Go SDK of the SDK version we run, and a
 * go.sum that `go mod tidy` cuts down from the CLI wrapper's committed go.sum (the checksum database is not
 * reachable here; the wrapper's sums are the integrity check, as for the toolchain).
 */
async function goModule(dir: string): Promise<void> {
  const sdk = path.dirname(GO_IMPORT_BASE);
  const version = (
    JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] }), "utf8")) as {
      version: string;
    }
  ).version;
  fs.writeFileSync(
    path.join(dir, "go.mod"),
    `module ${sdk}\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${version}\n`,
  );
  fs.copyFileSync(path.join(repoRoot, "scripts", "toolchain", "pulumi-cli", "go.sum"), path.join(dir, "go.sum"));
  await execFileAsync("go", ["mod", "tidy"], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: "-mod=mod", GOSUMDB: "off" },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Every file under `dir`, as relative paths, sorted. */
export function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    )
    .sort();
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-sdk-"));
  try {
    await generateInto(tmp);
    fs.rmSync(sdkRoot, { recursive: true, force: true });
    fs.cpSync(tmp, sdkRoot, { recursive: true });
    console.log(`sdk/: ${listFiles(sdkRoot).length} files (schema.json, ${Object.keys(SDK_LANGUAGES).join(", ")})`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
