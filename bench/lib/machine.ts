// What the benchmark ran on: the report is meaningless without it.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
  /** 1-, 5- and 15-minute load averages when the run started and ended: the machine is shared. */
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

function readVersion(file: string): string {
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

function osName(): string {
  try {
    const rel = fs.readFileSync("/etc/os-release", "utf8");
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(rel);
    if (m) return m[1];
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}

export function describeMachine(pulumiPath: string): Machine {
  const cpus = os.cpus();
  let cli = "?";
  try {
    cli = execFileSync(pulumiPath, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
  } catch {
    // reported as "?"
  }
  return {
    cpuModel: cpus[0]?.model.trim() ?? "?",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    kernel: os.release(),
    node: process.version,
    pulumiCli: cli,
    pulumiSdk: readVersion(require.resolve("@pulumi/pulumi/package.json")),
    loadAverageStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
