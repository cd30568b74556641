// `pulumi-language-go`, so that Go programs (on sdk/go/cckm) run on the engine we use.
//
// The standalone host module (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3) is refused by the module proxy
// reachable here. The host was a package of sdk/v3 up to v3.66.0 (from v3.67.0 on it is that module of its own), so
// it is built from a wrapper module on sdk/v3 v3.66.0, like the Node and Python hosts from v3.68.0. It only builds
// and runs the user's program with the `go` on PATH; the program itself uses whichever Go SDK its go.mod names.
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
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

const name = "pulumi-language-go";
const wrapper = "language-go";

/** The host's path, built once per sdk/v3 version and wrapper digest. */
export async function ensureGoHost(opts: ToolchainOptions = {}): Promise<string> {
  const started = Date.now();
  const version = pinnedVersion(wrapper, "github.com/pulumi/pulumi/sdk/v3");
  const versionDir = path.join(cacheRoot(), `${wrapper}-${version}-${wrapperDigest(wrapper)}`);
  if (!isExecutable(path.join(versionDir, "bin", name)) && !(await goAvailable())) {
    throw new Error(`${name} is built with Go, which is not installed: install Go >= 1.24 and run this again.`);
  }
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: name,
      files: [name],
      build: async (tmp, log) => {
        say(opts, `building ${name} (sdk v${version}) with Go; log: ${log}`);
        await goDownload(wrapper, log);
        const ldflags = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
        await goBuild(
          wrapper,
          "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go",
          path.join(tmp, name),
          ldflags,
          log,
        );
      },
    },
    opts,
  );
  say(opts, `${name} (sdk v${version}) ${built ? "built" : "from cache"} at ${dir} (${seconds(started)})`);
  return path.join(dir, name);
}
