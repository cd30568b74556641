// The modules the plugin's protocol is made of: gRPC (`@grpc/grpc-js`) and the Pulumi SDK's generated stubs and
// messages (`@pulumi/pulumi/proto/*`, google-protobuf's Struct). Plain static requires, so that `npm run build`
// bundles exactly the versions the plugin was built and tested with (dist/bundle/pulumi-resource-cckm.js): the
// plugin never runs on the `@pulumi/pulumi` a user's project has installed. Nothing else of the SDK is loaded.
/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated gRPC modules ship as plain CommonJS */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import type * as anyPb from "google-protobuf/google/protobuf/any_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

export function sdkGrpc(): typeof grpcTypes {
  return require("@grpc/grpc-js") as typeof grpcTypes;
}

/** The generated messages and services the plugin speaks (loaded on first use). */
export function protocol() {
  return {
    grpc: sdkGrpc(),
    provider: require("@pulumi/pulumi/proto/provider_pb") as typeof providerPb,
    providerRpc: require("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerRpc,
    plugin: require("@pulumi/pulumi/proto/plugin_pb") as typeof pluginPb,
    status: require("@pulumi/pulumi/proto/status_pb") as typeof statusPb,
    struct: require("google-protobuf/google/protobuf/struct_pb") as typeof structPb,
    empty: require("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb,
    any: require("google-protobuf/google/protobuf/any_pb") as typeof anyPb,
  };
}

/** The engine's Log service (progress lines under the resource's row). */
export function engineModules() {
  return {
    pb: require("@pulumi/pulumi/proto/engine_pb") as typeof enginePb,
    rpc: require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof engineRpc,
  };
}
