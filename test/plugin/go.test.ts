// The generated Go SDK (sdk/go/cckm) compiles in a small Go program: `go vet` and `go build` of a main package
// that declares one resource of each of two kinds, with dependsOn. (Running it would need a Go language host,
// which the module proxy reachable here does not serve: see the README's support matrix.)
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { GO_IMPORT_BASE } from "../../provider/plugin/schema";

const execFileAsync = promisify(execFile);
const goModule = path.posix.dirname(GO_IMPORT_BASE); // the module is sdk/go, the package sdk/go/cckm

const program = `package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"${GO_IMPORT_BASE}"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		dsm, err := cckm.NewDsmDomainRefresh(ctx, "dsm", &cckm.DsmDomainRefreshArgs{
			SynchronizeAll: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		key, err := cckm.NewSapKeyJob(ctx, "restore", &cckm.SapKeyJobArgs{
			KeyId:          pulumi.String("b707ea86-37bb-4212-ad09-2635698dbe4a"),
			Operation:      pulumi.String("restore"),
			TimeoutSeconds: pulumi.Float64(600),
			Triggers:       pulumi.Array{pulumi.String("2026-12-01")},
		}, pulumi.DependsOn([]pulumi.Resource{dsm}))
		if err != nil {
			return err
		}
		ctx.Export("dsmJob", dsm.JobId)
		ctx.Export("keyState", key.State)
		return nil
	})
}
`;

describe("native provider: the Go SDK compiles", function () {
  this.timeout(20 * 60_000);

  it("go vet and go build a program on sdk/go/cckm", async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-go-"));
    try {
      const sdkDir = path.join(repoRoot, "sdk", "go");
      fs.writeFileSync(path.join(dir, "main.go"), program);
      fs.writeFileSync(
        path.join(dir, "go.mod"),
        `module example.com/cckm-go\n\ngo 1.24\n\nrequire ${goModule} v0.0.0\n\nreplace ${goModule} => ${sdkDir}\n`,
      );
      // the SDK's go.sum holds every module it needs (verified when it was generated)
      fs.copyFileSync(path.join(sdkDir, "go.sum"), path.join(dir, "go.sum"));
      const env = { ...process.env, GOFLAGS: "-mod=mod", GOSUMDB: "off", CGO_ENABLED: "0" };
      const opts = { cwd: dir, env, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 };
      await execFileAsync("go", ["mod", "tidy"], opts);
      await execFileAsync("go", ["vet", "./..."], opts);
      await execFileAsync("go", ["build", "-o", "program", "."], opts);
      assert.ok(fs.statSync(path.join(dir, "program")).size > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
