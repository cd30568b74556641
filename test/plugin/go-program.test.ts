// A Go program on sdk/go/cckm runs through the Go language host (scripts/toolchain/go-host.ts): up, a no-op up,
// destroy. The program's go.mod requires the SDK by its module path and version, as `go get` would write it; the one
// `replace` points that version at this checkout's sdk/go, standing in for the module proxy (the module is not
// published). Everything else comes from the module proxy through go.sum (the checksum database is not reachable
// here: GOSUMDB=off, and the SDK's go.sum is the integrity check, as for the toolchain).
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { ensureGoHost } from "../../scripts/toolchain/go-host";
import { GO_IMPORT_BASE } from "../../provider/plugin/schema";
import { consumerProject, NativeStack, nativeStack, PASSWORD, secondUpAndDestroy } from "./consumer";

const execFileAsync = promisify(execFile);
const goModule = path.posix.dirname(GO_IMPORT_BASE); // the module is sdk/go, the package sdk/go/cckm
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;

const project = `name: cckm-go
runtime: go
plugins:
  providers:
    - name: cckm
      path: ./node_modules/pulumi-cckm/bin
`;

const program = `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"${GO_IMPORT_BASE}"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		vaults, err := cckm.NewOciKeySync(ctx, "vaults", &cckm.OciKeySyncArgs{
			Vaults: pulumi.StringArray{pulumi.String("oci-vault-frankfurt")},
		})
		if err != nil {
			return err
		}
		groups, err := cckm.NewSapGroupSync(ctx, "groups", &cckm.SapGroupSyncArgs{
			Groups: pulumi.StringArray{pulumi.String("sap-dwc-prod")},
		}, pulumi.DependsOn([]pulumi.Resource{vaults}))
		if err != nil {
			return err
		}
		ctx.Export("vaultsStatus", vaults.Status)
		ctx.Export("groupsStatus", groups.Status)
		ctx.Export("groups", groups.Groups)
		return nil
	})
}
`;

const goEnv = { GOFLAGS: "-mod=mod", GOSUMDB: "off", CGO_ENABLED: "0", GOTOOLCHAIN: "local" };

describe("native provider: a Go program on sdk/go/cckm through the Go language host", function () {
  this.timeout(30 * 60_000);
  let s: NativeStack;

  before(async function () {
    const host = await ensureGoHost({ verbose: false });
    const sdkDir = path.join(repoRoot, "sdk", "go");
    const dir = await consumerProject("go", {
      "Pulumi.yaml": project,
      "main.go": program,
      "go.mod":
        `module example.com/cckm-go\n\ngo 1.24\n\nrequire ${goModule} v${version}\n\n` +
        `// stands in for the module proxy until ${goModule} is published\nreplace ${goModule} v${version} => ${sdkDir}\n`,
    });
    // the SDK's go.sum holds every module it needs (verified when it was generated)
    fs.copyFileSync(path.join(sdkDir, "go.sum"), path.join(dir, "go.sum"));
    const go = { cwd: dir, env: { ...process.env, ...goEnv }, maxBuffer: 16 * 1024 * 1024, timeout: 25 * 60_000 };
    await execFileAsync("go", ["mod", "tidy"], go);
    // A user's first `go build`: it compiles the Go SDK and its dependencies (minutes on 2 busy cores), which the
    // host's own `go build` at each `pulumi up` then finds in the build cache (same flags, same environment).
    await execFileAsync("go", ["build", "-o", path.join(dir, "program"), "."], go);
    s = await nativeStack(dir, { env: goEnv, pathFirst: [path.dirname(host)] });
  });
  after(async function () {
    await s?.dispose();
  });

  it("up runs both jobs, in order", async function () {
    await s.stack.up();
    const out = await s.stack.outputs();
    assert.strictEqual(out.vaultsStatus, "completed", JSON.stringify(out));
    assert.strictEqual(out.groupsStatus, "completed");
    assert.deepStrictEqual(out.groups, ["sap-dwc-prod"]);
    assert.strictEqual(s.sim.counters().jobsCreated.total, 2);
    const resources = (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:index:"));
    assert.deepStrictEqual(resources.map((r) => r.type).sort(), ["cckm:index:OciKeySync", "cckm:index:SapGroupSync"]);
    assert.ok(!JSON.stringify(resources).includes(PASSWORD));
  });

  secondUpAndDestroy(() => s, 2);
});
