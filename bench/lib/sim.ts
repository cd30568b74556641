// The simulator as the benchmarks use it: a seed with enough DSM domains for one distinct scope per resource (the
// provider adopts a running job over the same scope, so resources must not share one), per-job durations, and
// what the simulator knows about each job (end time, polls).
import { defaultSeed, startSimulator } from "../../simulator";
import type { JobRecord, Seed, Simulator, SimulatorOptions } from "../../simulator";

/** How many extra DSM domains the bench seed holds (one per resource of the largest scenario, with room). */
export const BENCH_DOMAINS = 400;

/** A deterministic UUID-shaped id for bench domain `i`. */
export function benchDomainId(i: number): string {
  return `b0000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

export function benchSeed(): Seed {
  const seed = defaultSeed();
  const extra = Array.from({ length: BENCH_DOMAINS }, (_, i) => ({
    id: benchDomainId(i),
    name: `bench-dsm-${String(i).padStart(3, "0")}`,
    connection: "bench-connection",
    dsm_params: { id: 5000 + i, name: `bench-${i}` },
  }));
  seed.dsmDomains = [...(seed.dsmDomains ?? []), ...extra];
  return seed;
}

/**
 * A simulator for a scenario. The profile is `lenient` unless the scenario asks for another: every scenario but
 * `scale` measures the provider with many jobs of one family at once (the DSM family), which the strict default
 * refuses (one sync per family at a time, as a real CM is documented to do); `scale` measures both.
 */
export function startBenchSim(options: SimulatorOptions = {}): Promise<Simulator> {
  // a long request log: status reads per job are counted from it
  return startSimulator({ port: 0, quiet: true, seed: benchSeed(), logLimit: 500_000, profile: "lenient", ...options });
}

/** Status reads (GET of the job) per job id, counted from the request log; `until` is the time of the last one. */
export function jobReads(sim: Simulator, jobsPath = "/api/v1/cckm/dsm/refresh") {
  const count = new Map<string, number>();
  const until = new Map<string, number>();
  const prefix = `${jobsPath}/`;
  for (const e of sim.requestLog()) {
    if (e.method !== "GET" || !e.path.startsWith(prefix)) continue;
    const id = e.path.slice(prefix.length);
    if (id.includes("/")) continue;
    count.set(id, (count.get(id) ?? 0) + 1);
    until.set(id, Date.parse(e.time) + e.ms);
  }
  return { count, until };
}

/** Parses CCKM's RFC 3339 time with up to nanosecond digits into fractional ms since the epoch. */
export function parseCckmTime(text: unknown): number {
  if (typeof text !== "string") return NaN;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!m) return Date.parse(text);
  const whole = Date.parse(`${m[1]}Z`);
  const frac = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + frac;
}

/** The scope of a DSM job record (stored domain ids). */
export function jobDomains(job: JobRecord): string[] {
  const d = job.domains;
  return Array.isArray(d) ? d.map(String) : [];
}

/**
 * Gives each new job its own duration as soon as it appears (every `everyMs`), keyed by its first scope item.
 * The end time stays exact: the simulator ends a job at `created + jobSeconds`, whenever the duration was set.
 */
export function watchDurations(sim: Simulator, secondsFor: (domainId: string) => number | undefined, everyMs = 20) {
  const done = new Set<string>();
  const timer = setInterval(() => {
    for (const job of sim.jobs()) {
      const id = String(job.id);
      if (done.has(id)) continue;
      done.add(id);
      const first = jobDomains(job)[0];
      const seconds = first === undefined ? undefined : secondsFor(first);
      if (seconds !== undefined && job.completed_at === undefined) sim.control.updateJob(id, { jobSeconds: seconds });
    }
  }, everyMs);
  return { stop: () => clearInterval(timer), patched: done };
}

/** Jobs of the simulator by id. */
export function jobsById(sim: Simulator): Map<string, JobRecord> {
  return new Map(sim.jobs().map((j) => [String(j.id), j]));
}

/**
 * What the simulator served: requests per second over the window in which requests arrived (first arrival to last
 * answer), and its answer times from the log.
 */
export function serviceStats(sim: Simulator) {
  const log = sim.requestLog();
  const ms = log.map((e) => e.ms).sort((a, b) => a - b);
  const q = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : NaN);
  let first = Infinity;
  let last = -Infinity;
  for (const e of log) {
    const t = Date.parse(e.time);
    first = Math.min(first, t);
    last = Math.max(last, t + e.ms);
  }
  const windowMs = log.length ? last - first : 0;
  return {
    requests: log.length,
    windowSeconds: windowMs / 1000,
    requestsPerSecond: windowMs > 0 ? log.length / (windowMs / 1000) : NaN,
    answerMsP50: q(0.5),
    answerMsP99: q(0.99),
    answerMsMax: ms.length ? ms[ms.length - 1] : NaN,
  };
}
