// The YAML and Python language hosts, so that Pulumi YAML and Python programs run on the engine we use.
//
// The standalone host modules of pulumi/pulumi are refused by the module proxy reachable here. The YAML host is
// its own project (github.com/pulumi/pulumi-yaml), built from a wrapper module; the Python host was part of
// sdk/v3 up to v3.68.0, the module the Node host is built from, so it comes from that wrapper. Each host is cached
// in a folder of its own, named by its version and a digest of its wrapper module.
import * as fs from "fs";
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
  execFileAsync,
  goAvailable,
  goBuild,
  goDownload,
  goEnv,
  isExecutable,
  pinnedVersion,
  say,
  seconds,
  ToolchainOptions,
  usablePathCli,
  wrapperDigest,
  wrapperDir,
} from "./common";

export interface LanguageHosts {
  /** Absolute path of `pulumi-language-yaml`. */
  yaml: string;
  /** Absolute path of `pulumi-language-python`. */
  python: string;
  /** Absolute path of `pulumi-language-python-exec`, the script the Python host runs programs with. */
  pythonExec: string;
  /** Directories to put on PATH (after the CLI's) so that the CLI finds the hosts. */
  pathDirs: string[];
}

const noGoHelp = (what: string) =>
  `${what} is not on PATH beside pulumi and Go is not installed, so it cannot be built here: ` +
  "install Go >= 1.24 (or a Pulumi CLI that ships it) and run `npm run toolchain` again.";

/** A host found beside the `pulumi` on PATH that we use (a regular Pulumi install ships its hosts together). */
async function besidePathCli(files: string[]): Promise<string | undefined> {
  const { cli } = await usablePathCli();
  if (!cli) return undefined;
  const dir = path.dirname(cli.pulumi);
  return files.every((f) => isExecutable(path.join(dir, f))) ? dir : undefined;
}

async function requireGo(versionDir: string, files: string[], what: string) {
  if (files.every((f) => isExecutable(path.join(versionDir, "bin", f)))) return;
  if (!(await goAvailable())) throw new Error(noGoHelp(what));
}

/** `pulumi-language-yaml`, built from github.com/pulumi/pulumi-yaml at the version its wrapper pins. */
export async function ensureYamlHost(opts: ToolchainOptions = {}): Promise<string> {
  const started = Date.now();
  const name = "pulumi-language-yaml";
  const beside = await besidePathCli([name]);
  if (beside) return path.join(beside, name);
  const version = pinnedVersion("language-yaml", "github.com/pulumi/pulumi-yaml");
  const versionDir = path.join(cacheRoot(), `language-yaml-${version}-${wrapperDigest("language-yaml")}`);
  await requireGo(versionDir, [name], name);
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: name,
      files: [name],
      build: async (tmp, log) => {
        say(opts, `building ${name} v${version} with Go; log: ${log}`);
        const dl = Date.now();
        await goDownload("language-yaml", log);
        say(opts, `${name}: Go modules ready in ${seconds(dl)}`);
        const ldflags = `-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${version}`;
        await goBuild(
          "language-yaml",
          "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
          path.join(tmp, name),
          ldflags,
          log,
        );
      },
    },
    opts,
  );
  say(opts, `${name} v${version} ${built ? "built" : "from cache"} at ${dir} (${seconds(started)})`);
  return path.join(dir, name);
}

/** `pulumi-language-python` and `pulumi-language-python-exec`, from sdk/v3 at the Node host's version. */
export async function ensurePythonHost(opts: ToolchainOptions = {}): Promise<{ host: string; exec: string }> {
  const started = Date.now();
  const names = ["pulumi-language-python", "pulumi-language-python-exec"];
  const beside = await besidePathCli(names);
  if (beside) return { host: path.join(beside, names[0]), exec: path.join(beside, names[1]) };
  const version = pinnedVersion("language-host", "github.com/pulumi/pulumi/sdk/v3");
  const versionDir = path.join(cacheRoot(), `language-python-${version}-${wrapperDigest("language-host")}`);
  await requireGo(versionDir, names, names[0]);
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: names[0],
      files: names,
      build: async (tmp, log) => {
        say(opts, `building ${names[0]} (sdk v${version}) with Go; log: ${log}`);
        await goDownload("language-host", log);
        const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
        const pkg = "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python";
        await goBuild("language-host", pkg, path.join(tmp, names[0]), ldflags, log);
        // The exec script is Python source in the same module; the module cache keeps it read-only.
        const { stdout } = await execFileAsync(
          "go",
          ["list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/sdk/v3"],
          {
            cwd: path.join(wrapperDir, "language-host"),
            env: goEnv(),
          },
        );
        fs.copyFileSync(path.join(stdout.trim(), "python", "cmd", names[1]), path.join(tmp, names[1]));
        fs.chmodSync(path.join(tmp, names[1]), 0o755);
      },
    },
    opts,
  );
  say(opts, `${names[0]} (sdk v${version}) ${built ? "built" : "from cache"} at ${dir} (${seconds(started)})`);
  return { host: path.join(dir, names[0]), exec: path.join(dir, names[1]) };
}

/** Both extra language hosts, built side by side when missing. */
export async function ensureLanguageHosts(opts: ToolchainOptions = {}): Promise<LanguageHosts> {
  const [yaml, python] = await Promise.all([ensureYamlHost(opts), ensurePythonHost(opts)]);
  const pathDirs = [...new Set([path.dirname(yaml), path.dirname(python.host)])];
  return { yaml, python: python.host, pythonExec: python.exec, pathDirs };
}
