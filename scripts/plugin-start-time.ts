// Start time of the `cckm` provider plugin: from spawning bin/pulumi-resource-cckm to the port it prints (what the
// engine waits for before its first call), median of several runs. `npm run build` first.
//   ts-node --transpile-only scripts/plugin-start-time.ts [runs]
import { spawn } from "child_process";
import * as path from "path";

const BIN = path.join(__dirname, "..", "bin", "pulumi-resource-cckm");

function once(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // no engine address: the plugin serves without one (progress lines then go to stderr)
    const child = spawn(process.execPath, [BIN], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (err += c));
    child.stdout.setEncoding("utf8").once("data", (c: string) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      child.kill("SIGKILL");
      if (/^\d+\s*$/.test(c)) resolve(ms);
      else reject(new Error(`the plugin printed ${JSON.stringify(c)} instead of a port`));
    });
    child.on("exit", (code) => {
      if (code !== null && code !== 0) reject(new Error(`the plugin exited ${code}: ${err}`));
    });
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 9);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(
    `plugin start (spawn to port), ${runs} runs: median ${median.toFixed(0)} ms, ` +
      `min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
