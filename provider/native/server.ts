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
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated gRPC modules ship as plain CommonJS */
import * as path from "path";
import type { Provider } from "@pulumi/pulumi/provider";
import { sdkGrpc } from "./sdkModules";

type Call = { request: Record<string, (...args: unknown[]) => unknown> };
type Callback = (
  err: unknown,
  value?: { setAcceptsecrets?(b: boolean): void; setAcceptresources?(b: boolean): void },
) => void;
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

function wrap(impl: Record<string, Handler>, onConfigure: (config: Record<string, string>) => void): void {
  const { Struct } = sdkRequire<{ Struct: new () => unknown }>("google-protobuf/google/protobuf/struct_pb");
  for (const [method, fields] of Object.entries(STRUCT_FIELDS)) {
    const original = impl[method];
    impl[method] = function (this: unknown, call, callback) {
      for (const f of fields) if (!call.request[`get${f}`]()) call.request[`set${f}`](new Struct());
      return original.call(this, call, callback);
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
): Promise<void> {
  const grpc = sdkGrpc();
  const { ResourceProviderService } = sdkRequire<{ ResourceProviderService: unknown }>(
    "@pulumi/pulumi/proto/provider_grpc_pb",
  );
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: InstanceType<typeof grpc.Server>, service, impl) {
    if (service === ResourceProviderService) wrap(impl as unknown as Record<string, Handler>, onConfigure);
    return addService.call(this, service, impl);
  };
  const { main } = require("@pulumi/pulumi/provider") as typeof import("@pulumi/pulumi/provider");
  await main(provider, args);
}
