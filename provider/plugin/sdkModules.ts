// Modules of the Pulumi SDK's own dependency tree. `@grpc/grpc-js` must be the very instance the SDK's provider
// server uses (server.ts wraps its `addService`), so it is resolved from `@pulumi/pulumi`'s folder, not ours.
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from "path";
import type * as grpcTypes from "@grpc/grpc-js";

export function sdkGrpc(): typeof grpcTypes {
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] })) as typeof grpcTypes;
}
