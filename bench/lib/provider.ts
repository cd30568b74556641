// The provider as the benchmarks call it in-process: the runtime entry that the provider process runs
// (`pulumi-cckm/runtime`, compiled in dist/), driven the way the dynamic-provider host drives it.
/* eslint-disable @typescript-eslint/no-require-imports -- the compiled runtime is loaded at run time, after the build */
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

type Props = Record<string, unknown>;

export interface Runtime {
  configure(kind: string, req: { config: { get(key: string): string | undefined } }): Promise<void>;
  check(
    kind: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  create(kind: string, inputs: Props): Promise<{ id: string; outs: Props }>;
}

/**
 * A fresh copy of the compiled runtime, with its own module state (stack config, clients, tokens): each copy is
 * what one provider process holds, so two scenarios running at once do not share a token or a configuration.
 */
export function loadRuntime(): Runtime {
  const root = path.join(repoRoot, "dist", "provider") + path.sep;
  for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
  return require(path.join(root, "runtime", "index.js")) as Runtime;
}

/**
 * Configures the in-process runtime for a CM at `cm.url` (a simulator, its load balancer or a node list) with the
 * simulator's default user, and `extra` settings on top, as `configure` does in the provider process.
 */
export async function configureRuntime(
  rt: Runtime,
  cm: { url: string; caCert: string },
  extra: Record<string, string> = {},
): Promise<void> {
  const config: Record<string, string> = {
    "cckm:address": cm.url,
    "cckm:username": "admin",
    "cckm:password": "admin",
    "cckm:caCert": cm.caCert,
    ...extra,
  };
  await rt.configure("DsmDomainRefresh", { config: { get: (k) => config[k] } });
}

/** check then create, as the engine does for a new resource; resolves when `create` returns. */
export async function createInProcess(rt: Runtime, kind: string, name: string, args: Props) {
  const checked = await rt.check(kind, {}, { ...args, __name: name });
  if (checked.failures.length) throw new Error(`check: ${JSON.stringify(checked.failures)}`);
  const res = await rt.create(kind, checked.inputs);
  return { ...res, returnedAt: Date.now() };
}

/**
 * Keeps the provider's progress lines (`cckm: ...`, printed with console.log as in the provider process) off the
 * benchmark's own output, from now on.
 */
export function silenceProviderProgress(): void {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("cckm: ")) return;
    original(...args);
  };
}
