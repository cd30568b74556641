/* eslint-disable @typescript-eslint/no-require-imports --
 * The provider object below is serialized into every resource's state (`__provider`). Each method must capture
 * nothing but the kind string: a `require` written inside the body is not captured but runs in the provider
 * process, resolving `pulumi-cckm/runtime` from the program's node_modules, so state stays tiny, holds no
 * credential, and `delete`/`refresh` run the installed version. An `import` here would be serialized by value.
 */
import type * as pulumi from "@pulumi/pulumi";

export function thinProvider(kind: string): pulumi.dynamic.ResourceProvider {
  return {
    configure: (req) => require("pulumi-cckm/runtime").configure(kind, req),
    check: (olds, news) => require("pulumi-cckm/runtime").check(kind, olds, news),
    diff: (id, olds, news) => require("pulumi-cckm/runtime").diff(kind, id, olds, news),
    create: (inputs) => require("pulumi-cckm/runtime").create(kind, inputs),
    read: (id, props) => require("pulumi-cckm/runtime").read(kind, id, props),
    update: (id, olds, news) => require("pulumi-cckm/runtime").update(kind, id, olds, news),
    delete: (id, props) => require("pulumi-cckm/runtime").delete(kind, id, props),
  };
}

/**
 * The serialized provider of a kind: the `module.exports` of provider/providers/<kind>.ts. Being a module's
 * exports is what lets the closure serializer store it by reference when the package is installed in a
 * consumer's node_modules: `require("pulumi-cckm/providers/<kind>")` (package.json `exports` maps that name),
 * about 300 bytes instead of about 2.2 KB of method text. Inside this checkout the module is not under
 * node_modules, so it is serialized by value, which is the same thin text.
 */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  return require(`../providers/${kind[0].toLowerCase()}${kind.slice(1)}`);
}
