// Starts the provider on the SDK's own server (`@pulumi/pulumi/provider`'s `main`), with two gaps of that server in
// SDK 3.248 closed from outside, by wrapping the gRPC implementation object it registers (nothing in node_modules
// is patched):
//
// 1. `Configure`: the SDK's server answers it without passing the configuration on (its `Provider` interface has no
//    `configure`), so `cckm:*` would never reach us. The wrapper hands the request's variables to `onConfigure` and
//    turns off `acceptSecrets`/`acceptResources` in the answer: the engine then sends plain values and marks an
//    output secret when the input of that name was, as for any provider that does not take secrets.
// 2. Requests without a property struct: `pulumi import` sends a `Read` with no properties, and the server calls
//    `req.getProperties().toJavaScript()` ("Cannot read properties of undefined (reading 'toJavaScript')"). The
//    wrapper fills an empty struct in, so our `read` sees `{}` and reads the job by its id.
// 3. `Diff`: the SDK's DiffResult has no detailed diff, so `preview --diff` would show the engine's own input diff
//    with no word of which change replaces. The wrapper adds the detailed diff `detailedDiff` gives (SyncSchedule:
//    update or replace per property) to the answer.
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated gRPC modules ship as plain CommonJS */
import * as path from "path";
import type { Provider } from "@pulumi/pulumi/provider";
import type { DetailedDiff } from "./provider";
import { sdkGrpc } from "./sdkModules";

type Call = { request: Record<string, (...args: unknown[]) => unknown> };
interface Response {
  setAcceptsecrets?(b: boolean): void;
  setAcceptresources?(b: boolean): void;
  getDetaileddiffMap?(): { set(k: string, v: unknown): void };
  setHasdetaileddiff?(b: boolean): void;
  setDiffsList?(l: string[]): void;
}
type Callback = (err: unknown, value?: Response) => void;
type Handler = (call: Call, callback: Callback) => unknown;

/** Struct fields each request must carry (method -> field names as in the generated getters). */
const STRUCT_FIELDS: Record<string, string[]> = {
  check: ["Olds", "News"],
  diff: ["Olds", "News"],
  create: ["Properties"],
  read: ["Properties"],
  update: ["Olds", "News"],
  delete: ["Properties"],
};

function sdkRequire<T>(id: string): T {
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(id, { paths: [sdkDir] })) as T;
}

/** `cckm:config:address` (how the engine names a provider's variables) -> `cckm:address`. */
function configKey(variable: string): string {
  return variable.replace(/^([^:]+):config:/, "$1:");
}

interface PropertyDiffPb {
  setKind(k: number): void;
  setInputdiff(b: boolean): void;
}
type PropertyDiffClass = (new () => PropertyDiffPb) & { Kind: Record<string, number> };

/** Adds `detailedDiff`'s answer for the request to a diff response. */
function addDetailedDiff(call: Call, resp: Response | undefined, detailedDiff: DetailedDiff): void {
  if (!resp?.getDetaileddiffMap) return;
  const js = (f: string) => (call.request[`get${f}`]() as { toJavaScript(): Record<string, unknown> }).toJavaScript();
  const [olds, news] = [js("Olds"), js("News")];
  const modes = detailedDiff(call.request.getUrn() as string, olds, news);
  if (!modes) return;
  const { PropertyDiff } = sdkRequire<{ PropertyDiff: PropertyDiffClass }>("@pulumi/pulumi/proto/provider_pb");
  const map = resp.getDetaileddiffMap();
  for (const [name, mode] of Object.entries(modes)) {
    const op = olds[name] === undefined ? "ADD" : news[name] === undefined ? "DELETE" : "UPDATE";
    const d = new PropertyDiff();
    d.setKind(PropertyDiff.Kind[mode === "replace" ? `${op}_REPLACE` : op]);
    d.setInputdiff(true);
    map.set(name, d);
  }
  resp.setHasdetaileddiff?.(true);
  resp.setDiffsList?.(Object.keys(modes));
}

function wrap(
  impl: Record<string, Handler>,
  onConfigure: (config: Record<string, string>) => void,
  detailedDiff?: DetailedDiff,
): void {
  const { Struct } = sdkRequire<{ Struct: new () => unknown }>("google-protobuf/google/protobuf/struct_pb");
  for (const [method, fields] of Object.entries(STRUCT_FIELDS)) {
    const original = impl[method];
    impl[method] = function (this: unknown, call, callback) {
      for (const f of fields) if (!call.request[`get${f}`]()) call.request[`set${f}`](new Struct());
      if (method !== "diff" || !detailedDiff) return original.call(this, call, callback);
      return original.call(this, call, (err, resp) => {
        if (!err) addDetailedDiff(call, resp, detailedDiff);
        callback(err, resp);
      });
    };
  }
  const configure = impl.configure;
  impl.configure = function (this: unknown, call, callback) {
    const vars = call.request.getVariablesMap() as { entries(): Iterable<[string, string]> };
    onConfigure(Object.fromEntries([...vars.entries()].map(([k, v]) => [configKey(k), v])));
    return configure.call(this, call, (err, resp) => {
      resp?.setAcceptsecrets?.(false);
      resp?.setAcceptresources?.(false);
      callback(err, resp);
    });
  };
}

/** Serves `provider` until the engine stops the process. */
export async function serve(
  provider: Provider,
  args: string[],
  onConfigure: (config: Record<string, string>) => void,
  detailedDiff?: DetailedDiff,
): Promise<void> {
  const grpc = sdkGrpc();
  const { ResourceProviderService } = sdkRequire<{ ResourceProviderService: unknown }>(
    "@pulumi/pulumi/proto/provider_grpc_pb",
  );
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: InstanceType<typeof grpc.Server>, service, impl) {
    if (service === ResourceProviderService)
      wrap(impl as unknown as Record<string, Handler>, onConfigure, detailedDiff);
    return addService.call(this, service, impl);
  };
  const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
  await main(provider, args);
}
