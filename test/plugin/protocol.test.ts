// The plugin's own gRPC server, spoken to as the engine speaks to it (the SDK's generated client), without an
// engine: the built plugin (bin/ -> dist/bundle) is started, prints its port, and answers GetPluginInfo, GetSchema,
// CheckConfig (password and refresh token secret), Configure (acceptSecrets), Check (secret inputs stay secret),
// Diff (a detailed diff for every kind), and Cancel. The engine suites run the rest through `pulumi`.
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import * as rpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { repoRoot } from "../../scripts/engine";
import { GOOGLE } from "../reliability/fixtures";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const struct = (o: Record<string, unknown>) => Struct.fromJavaScript(o as Parameters<typeof Struct.fromJavaScript>[0]);
const URN = (kind: string, name = "r") => `urn:pulumi:dev::proj::cckm:index:${kind}::${name}`;

/** One unary call of the provider service (the generated client's methods are overloaded: named, not passed). */
function call<Res>(client: rpc.ResourceProviderClient, method: string, req: unknown): Promise<Res> {
  const fn = (client as unknown as Record<string, (r: unknown, cb: (e: Error | null, v: Res) => void) => void>)[method];
  return new Promise((resolve, reject) => fn.call(client, req, (err, res) => (err ? reject(err) : resolve(res))));
}

describe("native provider: the plugin's gRPC server", function () {
  let child: ChildProcess;
  let client: rpc.ResourceProviderClient;

  before(async function () {
    const bundle = path.join(repoRoot, "dist", "bundle", "pulumi-resource-cckm.js");
    if (!fs.existsSync(bundle)) throw new Error("run `npm run build` first: the plugin runs dist/bundle");
    child = spawn(process.execPath, [path.join(repoRoot, "bin", "pulumi-resource-cckm")], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, CIPHERTRUST_ADDRESS: "" },
    });
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.setEncoding("utf8").once("data", (c: string) => resolve(c.trim()));
      child.once("exit", (code) => reject(new Error(`the plugin exited ${code}`)));
    });
    assert.match(port, /^\d+$/, "the handshake: the plugin prints its port");
    client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(function () {
    client?.close();
    child?.kill();
  });

  it("tells its version and serves the schema of the package", async function () {
    const info = await call<PluginInfo>(client, "getPluginInfo", new Empty());
    const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string })
      .version;
    assert.strictEqual(info.getVersion(), version);
    const schema = JSON.parse(
      (await call<pb.GetSchemaResponse>(client, "getSchema", new pb.GetSchemaRequest())).getSchema(),
    ) as {
      name: string;
      resources: Record<string, unknown>;
    };
    assert.strictEqual(schema.name, "cckm");
    assert.ok(schema.resources["cckm:index:GoogleKeySync"]);
  });

  it("CheckConfig keeps the password and refresh token secret even when given plain; Configure accepts secrets", async function () {
    const check = new pb.CheckRequest();
    check.setUrn("urn:pulumi:dev::proj::pulumi:providers:cckm::default");
    check.setNews(struct({ address: "https://cm.test", password: "pw", refreshToken: secret("rt"), username: "u" }));
    const inputs = (await call<pb.CheckResponse>(client, "checkConfig", check)).getInputs()!.toJavaScript();
    assert.deepStrictEqual(inputs.password, secret("pw"));
    assert.deepStrictEqual(inputs.refreshToken, secret("rt"));
    assert.strictEqual(inputs.username, "u");

    const diff = new pb.DiffRequest();
    diff.setOlds(struct({ address: "https://cm.test", password: secret("pw") }));
    diff.setNews(struct({ address: "https://cm2.test", password: secret("pw") }));
    const d = await call<pb.DiffResponse>(client, "diffConfig", diff);
    assert.strictEqual(d.getChanges(), pb.DiffResponse.DiffChanges.DIFF_SOME);
    assert.deepStrictEqual(d.getReplacesList(), [], "a new address updates the provider, never replaces it");
    assert.deepStrictEqual(d.getDiffsList(), ["address"]);

    const configure = new pb.ConfigureRequest();
    configure.getVariablesMap().set("cckm:config:address", "https://cm.test");
    configure.getVariablesMap().set("cckm:config:username", "admin");
    configure.getVariablesMap().set("cckm:config:password", "pw");
    const c = await call<pb.ConfigureResponse>(client, "configure", configure);
    assert.strictEqual(c.getAcceptsecrets(), true);
  });

  it("Check: a secret input is unwrapped for checking and secret again in the checked inputs", async function () {
    const req = new pb.CheckRequest();
    req.setUrn(URN("GoogleKeySync"));
    req.setOlds(struct({}));
    req.setNews(struct({ keyRings: secret([GOOGLE[1], GOOGLE[0]]) }));
    const res = await call<pb.CheckResponse>(client, "check", req);
    assert.deepStrictEqual(res.getFailuresList(), []);
    const inputs = res.getInputs()!.toJavaScript();
    assert.deepStrictEqual(inputs.keyRings, secret([GOOGLE[0], GOOGLE[1]].sort()), "checked (sorted) and secret");
    assert.strictEqual(inputs.timeoutSeconds, 1800);

    const bad = new pb.CheckRequest();
    bad.setUrn(URN("GoogleKeySync"));
    bad.setNews(struct({ keyRings: secret("not-a-list") }));
    const failures = (await call<pb.CheckResponse>(client, "check", bad)).getFailuresList();
    assert.deepStrictEqual(
      failures.map((f) => f.getProperty()),
      ["keyRings"],
    );
  });

  it("Diff: a detailed diff for every kind, replace or update per property", async function () {
    const K = pb.PropertyDiff.Kind;
    const diff = async (kind: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
      const req = new pb.DiffRequest();
      req.setUrn(URN(kind));
      req.setId("j1");
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await call<pb.DiffResponse>(client, "diff", req);
      assert.strictEqual(res.getHasdetaileddiff(), true);
      const detailed: Record<string, number> = {};
      res.getDetaileddiffMap().forEach((d: pb.PropertyDiff, k: string) => (detailed[k] = d.getKind()));
      return { changes: res.getChanges(), replaces: res.getReplacesList(), detailed };
    };
    // news as the engine sends them: checked by the plugin; olds: those inputs and the job's outputs
    const checked = async (kind: string, news: Record<string, unknown>) => {
      const req = new pb.CheckRequest();
      req.setUrn(URN(kind));
      req.setNews(struct(news));
      return (await call<pb.CheckResponse>(client, "check", req)).getInputs()!.toJavaScript();
    };
    const job = (status: string) => ({ jobId: "j1", status });
    const ring0 = await checked("GoogleKeySync", { keyRings: [GOOGLE[0]] });
    const ring = await diff(
      "GoogleKeySync",
      { ...ring0, ...job("completed") },
      await checked("GoogleKeySync", { keyRings: [GOOGLE[1]], timeoutSeconds: 60 }),
    );
    assert.deepStrictEqual(ring.replaces, ["keyRings"]);
    assert.deepStrictEqual(ring.detailed, { keyRings: K.UPDATE_REPLACE, timeoutSeconds: K.UPDATE });

    const same = await diff("GoogleKeySync", { ...ring0, ...job("completed") }, ring0);
    assert.strictEqual(same.changes, pb.DiffResponse.DiffChanges.DIFF_NONE);
    assert.deepStrictEqual(same.detailed, {});

    const dsm = await checked("DsmDomainRefresh", { domains: ["d1"] });
    const running = await diff("DsmDomainRefresh", { ...dsm, ...job("in_progress") }, dsm);
    assert.deepStrictEqual(running.detailed, { status: K.UPDATE }, "a job still running: update resumes it");

    const sap = await checked("SapKeyJob", { keyId: "k1", operation: "delete" });
    const failed = await diff("SapKeyJob", { ...sap, ...job("failed") }, sap);
    assert.deepStrictEqual(failed.detailed, { status: K.UPDATE_REPLACE });

    const sched = await diff(
      "SyncSchedule",
      { cloud: "aws", scheduleName: "s", runAt: "0 2 * * *", synchronizeAll: true },
      { cloud: "azure", scheduleName: "s", runAt: "0 3 * * *", synchronizeAll: true },
    );
    assert.strictEqual(sched.detailed.cloud, K.UPDATE_REPLACE);
    assert.strictEqual(sched.detailed.runAt, K.UPDATE);
  });

  it("Cancel answers at once", async function () {
    await call<Empty>(client, "cancel", new Empty());
  });
});
