// Entry point of the `cckm` provider plugin. bin/pulumi-resource-cckm runs the bundle of this module
// (dist/bundle/pulumi-resource-cckm.js, made by `npm run build`), so the plugin runs on the gRPC and protocol
// modules it was built and tested with, whatever `@pulumi/pulumi` the project has installed.
// The engine starts the plugin with its own address as the first argument and reads the port we print.
import * as fs from "fs";
import * as path from "path";
import { NativeEngine } from "./engine";
import { engineLogger } from "./engineLog";
import { cckmProvider } from "./provider";
import { serve } from "./server";

/** Set by the bundler to the package's version (the bundle may run outside the package, from a plugin archive). */
declare const CCKM_PLUGIN_VERSION: string | undefined;

/** The package's version, which is the plugin's version (the SDKs ask for it). */
export function packageVersion(): string {
  if (typeof CCKM_PLUGIN_VERSION === "string") return CCKM_PLUGIN_VERSION;
  // dist/provider/plugin/main.js and provider/plugin/main.ts both sit three folders below package.json
  const file = path.resolve(__dirname, "..", "..", "..", "package.json");
  const own = path.resolve(__dirname, "..", "..", "package.json");
  const pkg = fs.existsSync(file) ? file : own;
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The engine's address among the plugin's arguments (`[--logtostderr] [-v=N] [--tracing URL] <address>`). */
function engineAddress(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) return args[i];
  }
  return undefined;
}

export async function run(args: string[]): Promise<void> {
  // a stray rejection must not end the plugin mid-update (the engine would lose every call in flight)
  process.on("unhandledRejection", (err: unknown) =>
    console.error(`pulumi-resource-cckm: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  );
  const engine = new NativeEngine();
  const provider = cckmProvider(packageVersion(), engine, engineLogger(engineAddress(args)));
  await serve(provider);
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: Error) => {
    console.error(`pulumi-resource-cckm: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
