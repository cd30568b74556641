// `npm run bench`: runs the benchmark scenarios against the simulator with the real Pulumi engine and writes
// bench/results/latest.json, bench/results/lag.svg and BENCHMARKS.md. See bench/README.md.
//
//   npm run bench                       the full run (about 17-20 minutes on a quiet 2-core machine)
//   npm run bench -- --quick            small versions of the scenarios (6-12 minutes), for development
//   npm run bench -- --only lag,scale   some scenarios only (lag, long, scale, api, overhead, native, faults, simload, cluster)
//   npm run bench -- --profiles strict  the simulator profiles `scale` runs under (lenient,strict by default)
//   npm run bench -- --runs 5           repetitions of the repeated scenarios
//   npm run bench -- --no-build         skip `npm run build` (the provider process runs dist/)
//   npm run bench -- --only api --merge run some scenarios again into the committed results (recorded as merged)
//   npm run bench -- --long-seconds 60  shorter "long" jobs, to try that scenario out (the goal needs 600)
//
// Only a full run writes the committed files; quick or partial runs write bench/results/partial/ (git-ignored).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { engineToolchain, repoRoot } from "../scripts/engine";
import { describeMachine } from "./lib/machine";
import { silenceProviderProgress } from "./lib/provider";
import { evaluateGoals } from "./report/goals";
import { prettierMarkdown } from "./report/format";
import { renderMarkdown } from "./report/markdown";
import type { PollScheduleInfo, Results } from "./report/results";
import { readPollSchedule, worstLagAt } from "./report/schedule";
import { lagChart, Series } from "./report/svg";
import { runApi } from "./scenarios/api";
import { runCluster } from "./scenarios/cluster";
import { runFaults } from "./scenarios/faults";
import { LagResult, POLLER_LABELS, runLag } from "./scenarios/lag";
import { runOverhead } from "./scenarios/overhead";
import { runPareto } from "./scenarios/pareto";
import { runScale } from "./scenarios/scale";
import { runSimLoad } from "./scenarios/simload";
import { PROFILES } from "../simulator";
import type { Profile } from "../simulator";

const ALL = ["lag", "long", "scale", "pareto", "api", "overhead", "native", "faults", "simload", "cluster"] as const;
type Scenario = (typeof ALL)[number];

interface Args {
  quick: boolean;
  only?: Scenario[];
  runs?: number;
  build: boolean;
  /** Run the --only scenarios again and put them into bench/results/latest.json in place of the full run's. */
  merge: boolean;
  /** Duration of the long jobs (600 s; shorter only to try the scenario out). */
  longSeconds: number;
  /** The simulator profiles `scale` runs under (both by default). */
  profiles: Profile[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, build: true, longSeconds: 600, merge: false, profiles: ["lenient", "strict"] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--quick":
        args.quick = true;
        break;
      case "--only": {
        const names = value()
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        for (const n of names)
          if (!(ALL as readonly string[]).includes(n))
            throw new Error(`--only: unknown scenario "${n}" (one of ${ALL.join(", ")})`);
        args.only = names as Scenario[];
        break;
      }
      case "--runs":
        args.runs = Number(value());
        if (!(args.runs >= 1)) throw new Error("--runs: expected a number >= 1");
        break;
      case "--long-seconds":
        args.longSeconds = Number(value());
        if (!(args.longSeconds > 0)) throw new Error("--long-seconds: expected a number > 0");
        break;
      case "--profiles": {
        const names = value()
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean);
        for (const n of names)
          if (!(PROFILES as readonly string[]).includes(n))
            throw new Error(`--profiles: unknown profile "${n}" (one of ${PROFILES.join(", ")})`);
        if (!names.length) throw new Error("--profiles: name at least one profile");
        args.profiles = names as Profile[];
        break;
      }
      case "--merge":
        args.merge = true;
        break;
      case "--no-build":
        args.build = false;
        break;
      case "--help":
        process.stdout.write(fs.readFileSync(__filename, "utf8").split("\n").slice(0, 13).join("\n") + "\n");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (see --help)`);
    }
  }
  return args;
}

const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** The provider's poll schedule, from the compiled poller (the figures explain misses with it). */
function pollScheduleInfo(): PollScheduleInfo | undefined {
  try {
    return readPollSchedule(path.join(repoRoot, "dist"));
  } catch (err) {
    log(`(the provider's poll schedule could not be read: ${(err as Error).message})`);
    return undefined;
  }
}

/** The commit measured, and the package files that differed from it when the run started. */
function sourceInfo(): Results["source"] {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  const uncommitted = git(["status", "--porcelain", "--", "provider", "package.json"])
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { commit: git(["rev-parse", "HEAD"]) || "?", uncommitted };
}

function chart(r: Results): string | undefined {
  const lags: LagResult[] = [r.lag, r.long].filter((x): x is LagResult => !!x);
  if (!lags.length) return undefined;
  const colors: Record<string, string> = {
    provider: "#1a7f37",
    providerUp: "#0969da",
    naive5: "#bf8700",
    naive20: "#cf222e",
  };
  const series: Series[] = [];
  for (const name of ["provider", "providerUp", "naive5", "naive20"] as const) {
    const points = lags.flatMap((l) => {
      const w = l.waiters[name];
      if (!w || w.error) return [];
      return l.durations.map((d) => ({ x: d, y: w.byDuration[String(d)].lagMs.median / 1000 }));
    });
    if (points.length) series.push({ label: POLLER_LABELS[name], color: colors[name], points });
  }
  const xs = [...new Set(lags.flatMap((l) => l.durations))].sort((a, b) => a - b);
  const ps = r.pollSchedule;
  if (ps && xs.length) {
    // the schedule's own worst case (a job ending just after a read), from the compiled poller, on a fine grid
    const points: { x: number; y: number }[] = [];
    for (let x = xs[0]; x <= xs[xs.length - 1] * 1.0001; x *= 1.05) points.push({ x, y: worstLagAt(ps, x) });
    series.push({ label: "schedule: longest wait", color: "#8250df", dashed: true, points });
  }
  series.push({
    label: "goal: max(0.5 s, 10 %)",
    color: "#6e7781",
    dashed: true,
    points: xs.map((d) => ({ x: d, y: Math.max(0.5, d / 10) })),
  });
  return lagChart(series, {
    title: "Completion lag against job duration (median)",
    xLabel: "job duration (s, log scale)",
    yLabel: "lag after the job ends (s, log scale)",
  });
}

function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => {
        if (typeof v === "number") return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
        if (v instanceof Set) return [...v];
        return v;
      },
      2,
    ) + "\n"
  );
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const quick = args.quick;
  const selected: Scenario[] = args.only ?? (quick ? ALL.filter((s) => s !== "long" && s !== "simload") : [...ALL]);
  const full = !quick && !args.only;
  const started = new Date();

  // settings that tests use to speed the provider up must not reach the provider processes measured here
  const cleared = Object.keys(process.env).filter((k) => k.startsWith("CCKM_"));
  for (const k of cleared) delete process.env[k];
  if (cleared.length) log(`ignoring ${cleared.join(", ")} from the environment`);
  process.env.PULUMI_CCKM_QUIET = "1";
  // the in-process provider prints progress lines (`cckm: ...`) like it does in the provider process: keep them out
  silenceProviderProgress();

  if (args.build) {
    log("npm run build");
    execFileSync("npm", ["run", "-s", "build"], { cwd: repoRoot, stdio: "inherit" });
  }
  const toolchain = await engineToolchain();
  const machine = describeMachine(toolchain.pulumi);
  log(
    `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, load ${machine.loadAverageStart.join(" ")}`,
  );

  const runs = (full: number, q: number) => args.runs ?? (quick ? q : full);
  const results: Results = {
    version: 1,
    startedAt: started.toISOString(),
    finishedAt: "",
    wallSeconds: 0,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    quick,
    scenarios: selected,
    machine,
    source: sourceInfo(),
    pollSchedule: pollScheduleInfo(),
    goals: [],
    missing: [],
  };
  const missing = (scenario: string, why: string) => {
    results.missing.push({ scenario, why });
    log(`${scenario}: not measured: ${why.split("\n")[0]}`);
  };
  const attempt = async (scenario: Scenario, fn: () => Promise<void>) => {
    if (!selected.includes(scenario)) return;
    const t0 = Date.now();
    log(`${scenario}: start`);
    try {
      await fn();
    } catch (err) {
      missing(scenario, (err as Error).stack ?? String(err));
    }
    log(`${scenario}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  };

  // 10-minute jobs wait in the background while the rest runs (they are idle polling, a few requests a minute)
  const long = selected.includes("long")
    ? runLag({ durations: [args.longSeconds], samples: 3, viaUp: false, log: (l) => log(`long: ${l.trim()}`) }).then(
        (r) => void (results.long = r),
        (err: Error) => missing("long", err.stack ?? String(err)),
      )
    : Promise.resolve();
  if (selected.includes("long")) log(`long: three ${args.longSeconds} s jobs per waiter started in the background`);

  await attempt("lag", async () => {
    results.lag = await runLag({
      durations: quick ? [1, 10] : [1, 10, 60, 120],
      samples: quick ? 2 : 5,
      viaUp: true,
      log,
    });
  });
  await attempt("scale", async () => {
    if (args.profiles.includes("lenient"))
      results.scale = await runScale({
        profile: "lenient",
        counts: quick ? [1, 10] : [1, 10, 100],
        highParallel: quick ? 32 : 128,
        runs: runs(3, 1),
        runsSlowest: runs(2, 1),
        jobSeconds: 5,
        log,
      });
    // under the strict default the resources of one family run one after another, whatever --parallel says: ten
    // show the shape (a hundred would take a hundred times one); one resource listing the same domains is the cure
    if (args.profiles.includes("strict"))
      results.scaleStrict = await runScale({
        profile: "strict",
        settings: ["high"],
        counts: quick ? [1, 3] : [1, 10, 50],
        highParallel: quick ? 32 : 128,
        runs: runs(1, 1),
        runsSlowest: runs(1, 1),
        jobSeconds: 5,
        listedScopeItems: quick ? 10 : 100,
        log,
      });
  });
  await attempt("pareto", async () => {
    results.pareto = await runPareto({
      durations: quick ? [10, 60] : [10, 60, 120, 600],
      samples: quick ? 2 : 5,
      spreads: quick ? [0] : [0, 0.1, 0.3],
      log,
    });
  });
  await attempt("api", async () => {
    results.api = await runApi({ resources: quick ? 3 : 10, runs: runs(2, 1), log });
  });
  await attempt("overhead", async () => {
    results.overhead = await runOverhead({ runs: runs(3, 1), log });
  });
  await attempt("native", async () => {
    results.nativeOverhead = await runOverhead({ frontEnd: "native", runs: runs(3, 1), log });
    results.nativeScale = await runScale({
      frontEnd: "native",
      counts: quick ? [1, 10] : [1, 100],
      highParallel: quick ? 32 : 128,
      runs: runs(2, 1),
      runsSlowest: 1,
      jobSeconds: 5,
      log,
    });
  });
  await attempt("faults", async () => {
    results.faults = await runFaults({
      resources: quick ? 10 : 50,
      probability: 0.2,
      runs: runs(3, 1),
      parallel: 64,
      log,
    });
  });
  await attempt("cluster", async () => {
    results.cluster = await runCluster({ runs: runs(3, 1), log });
  });
  await attempt("simload", async () => {
    const r = await runSimLoad({ args: [], log });
    results.simLoad = r;
    if (r.error) missing("simload", r.error);
  });
  if (selected.includes("long")) log("long: waiting for the long jobs to end");
  await long;

  const finished = new Date();
  results.finishedAt = finished.toISOString();
  results.wallSeconds = (finished.getTime() - started.getTime()) / 1000;
  results.machine.loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  for (const s of ALL)
    if (!selected.includes(s)) results.missing.push({ scenario: s, why: "not selected in this run" });
  let published: Results = results;
  if (args.merge) {
    // the full run's results, with the scenarios of this run in place of its own
    const base = JSON.parse(fs.readFileSync(path.join(repoRoot, "bench", "results", "latest.json"), "utf8")) as Results;
    const keysOf: Record<Scenario, (keyof Results)[]> = {
      lag: ["lag"],
      long: ["long"],
      scale: ["scale", "scaleStrict"],
      pareto: ["pareto"],
      api: ["api"],
      overhead: ["overhead"],
      native: ["nativeOverhead", "nativeScale"],
      faults: ["faults"],
      simload: ["simLoad"],
      cluster: ["cluster"],
    };
    const merged = base as unknown as Record<string, unknown>;
    for (const sc of selected)
      for (const key of keysOf[sc]) {
        const value = (results as unknown as Record<string, unknown>)[key];
        // a profile left out with --profiles keeps the full run's figures
        if (value !== undefined) merged[key] = value;
      }
    // the schedule described goes with the lag figures: the one of the run that measured them
    if ((selected.includes("lag") || selected.includes("long")) && results.pollSchedule)
      base.pollSchedule = results.pollSchedule;
    base.missing = [
      ...base.missing.filter((m) => !selected.includes(m.scenario as Scenario)),
      ...results.missing.filter((m) => selected.includes(m.scenario as Scenario)),
    ];
    base.merged = [
      ...(base.merged ?? []),
      {
        scenarios: selected,
        startedAt: results.startedAt,
        finishedAt: results.finishedAt,
        command: results.command,
        loadAverage: results.machine.loadAverageEnd ?? [],
      },
    ];
    published = base;
  }
  published.goals = evaluateGoals(published);
  const main = full || args.merge;
  const outDir = main ? path.join(repoRoot, "bench", "results") : path.join(repoRoot, "bench", "results", "partial");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "latest.json"), toJson(published));
  const svg = chart(published);
  if (svg) fs.writeFileSync(path.join(outDir, "lag.svg"), svg);
  const mdPath = main ? path.join(repoRoot, "BENCHMARKS.md") : path.join(outDir, "BENCHMARKS.md");
  const chartRef = svg ? path.relative(path.dirname(mdPath), path.join(outDir, "lag.svg")) : undefined;
  fs.writeFileSync(mdPath, await prettierMarkdown(renderMarkdown(published, chartRef), mdPath));
  log(`wrote ${path.relative(repoRoot, path.join(outDir, "latest.json"))} and ${path.relative(repoRoot, mdPath)}`);
  for (const g of published.goals)
    log(`${g.pass === null ? "n/a " : g.pass ? "pass" : "MISS"}  ${g.goal}: ${g.measured}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);
