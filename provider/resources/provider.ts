/* eslint-disable @typescript-eslint/no-require-imports --
 * The provider object below is serialized into every resource's state (`__provider`). Each method must capture
 * nothing but the kind string: a `require` written inside the body is not captured but runs in the provider
 * process, resolving `pulumi-cckm/runtime` from the program's node_modules, so state stays tiny, holds no
 * credential, and `delete`/`refresh` run the installed version. An `import` here would be serialized by value.
 */
import type * as pulumi from "@pulumi/pulumi";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

function thinProvider(kind: string): pulumi.dynamic.ResourceProvider {
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

/** The serialized provider of a kind; one object per kind, so the SDK serializes it once per program run. */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) providers.set(kind, (p = thinProvider(kind)));
  return p;
}
