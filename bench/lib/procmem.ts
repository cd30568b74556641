// Peak memory of the processes an engine run starts, read from /proc (Linux): VmHWM is the kernel's own high-water
// mark of resident memory, so sampling only has to catch each process before it exits.
import * as fs from "fs";

export interface ProcPeak {
  pid: number;
  /** What it is: `dynamic-provider`, `native-provider`, `program`, `language-host`, `cli`, or the command name. */
  role: string;
  peakKiB: number;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // the command name may hold spaces and parentheses: the fields after the last ')' are fixed
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[1]);
}

function roleOf(pid: number, rootPid: number): string {
  if (pid === rootPid) return "cli";
  const cmd = (readText(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ");
  if (cmd.includes("require.resolve")) return "shim";
  if (cmd.includes("dynamic-provider")) return "dynamic-provider";
  if (cmd.includes("pulumi-resource-cckm")) return "native-provider";
  if (cmd.includes("pulumi-language-yaml")) return "language-host";
  if (cmd.includes("pulumi-language-nodejs")) return "language-host";
  if (cmd.includes("pulumi-resource-pulumi-nodejs")) return "shim";
  if (cmd.includes("cmd/run")) return "program";
  return (readText(`/proc/${pid}/comm`) ?? "?").trim();
}

function hwmKiB(pid: number): number | undefined {
  const status = readText(`/proc/${pid}/status`);
  const m = status && /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

/** Samples the peak memory of `rootPid` and all its descendants until stopped. */
export function sampleTree(rootPid: number, everyMs = 100) {
  const peaks = new Map<number, ProcPeak>();
  const supported = fs.existsSync("/proc/self/status");
  const tick = () => {
    if (!supported) return;
    let pids: number[];
    try {
      pids = fs
        .readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .map(Number);
    } catch {
      return;
    }
    const parent = new Map<number, number>();
    for (const pid of pids) {
      const pp = parentOf(pid);
      if (pp !== undefined) parent.set(pid, pp);
    }
    const inTree = (pid: number) => {
      for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 20; hops++) {
        if (p === rootPid) return true;
        p = parent.get(p);
      }
      return false;
    };
    for (const pid of pids) {
      if (!inTree(pid)) continue;
      const kib = hwmKiB(pid);
      if (kib === undefined) continue;
      const known = peaks.get(pid);
      if (known) {
        known.peakKiB = Math.max(known.peakKiB, kib);
        known.role = roleOf(pid, rootPid); // a process seen between fork and exec still shows its parent's command
      } else peaks.set(pid, { pid, role: roleOf(pid, rootPid), peakKiB: kib });
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    supported,
    stop(): ProcPeak[] {
      clearInterval(timer);
      return [...peaks.values()];
    },
  };
}

/** The largest peak among processes of a role (MiB), NaN when none was seen. */
export function peakMiB(peaks: ProcPeak[], role: string): number {
  const kib = peaks.filter((p) => p.role === role).map((p) => p.peakKiB);
  return kib.length ? Math.max(...kib) / 1024 : NaN;
}
