// Entry point of the `cckm` provider plugin (bin/pulumi-resource-cckm runs it with the Node that runs the bin).
// The engine starts the plugin with its own address as the first argument and reads the port we print.
import * as fs from "fs";
import * as path from "path";
import { NativeEngine } from "./engine";
import { engineLogger } from "./engineLog";
import { cckmProvider, detailedDiffOf } from "./provider";
import { serve } from "./server";

/** The package's version, which is the plugin's version (the SDKs ask for it). */
export function packageVersion(): string {
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
  const engine = new NativeEngine();
  const address = engineAddress(args);
  const provider = cckmProvider(packageVersion(), engine, engineLogger(address));
  await serve(provider, args, (config) => engine.configure(config), detailedDiffOf(engine));
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: Error) => {
    console.error(`pulumi-resource-cckm: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
