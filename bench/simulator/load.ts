/**
 * Load benchmark of cckm-sim (not a timed test): N concurrent jobs across all families, each polled until it ends,
 * for a few hundred requests per second. The simulator runs in its own process (the real `cckm-sim` command) so
 * its capacity is not shared with the client.
 *
 *   npx ts-node bench/simulator/load.ts [--jobs 1000] [--job-seconds 10] [--interval 3] [--sockets 64] [--http]
 *
 * Prints a Markdown summary and writes bench/results/simulator-load.{json,md}.
 */
import { spawn } from "child_process";
import { mkdirSync, writeFileSync } from "fs";
import http from "http";
import https from "https";
import path from "path";

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const JOBS = opt("jobs", 1000);
const JOB_SECONDS = opt("job-seconds", 10);
const INTERVAL_S = opt("interval", 3);
const SOCKETS = opt("sockets", 64);
const HTTP = args.includes("--http");
const ROOT = path.resolve(__dirname, "../..");

const FAMILIES: [string, Record<string, unknown>][] = [
  ["/api/v1/cckm/dsm/refresh", { synchronize_all: true }],
  ["/api/v1/cckm/external-cm/refresh", { domains: ["3e732d57-5ea1-491f-b238-9f4a39a9566f"] }],
  [
    "/api/v1/cckm/google/synchronization-jobs",
    { key_rings: ["projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring"] },
  ],
  ["/api/v1/cckm/azure/synchronization-jobs", { key_vaults: ["keyvault-softkeys"], synchronize_all: false }],
  ["/api/v1/cckm/aws/synchronization-jobs", { kms: ["aws-prod"], regions: ["us-east-1"] }],
  ["/api/v1/cckm/oci/synchronization-jobs", { synchronize_all: true }],
  ["/api/v1/cckm/sap/synchronization-jobs", { groups: ["sap-dwc-prod"] }],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Sample {
  phase: "create" | "poll" | "list";
  ms: number;
  status: number;
}

const samples: Sample[] = [];
let agent: http.Agent;
let base = "";

function request(
  method: string,
  p: string,
  token?: string,
  body?: unknown,
): Promise<{
  status: number;
  body: Json;
}> {
  const url = new URL(p, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: "application/json" };
  if (payload) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function timed(phase: Sample["phase"], method: string, p: string, token: string, body?: unknown) {
  const t0 = performance.now();
  try {
    const r = await request(method, p, token, body);
    samples.push({ phase, ms: performance.now() - t0, status: r.status });
    return r;
  } catch (err) {
    samples.push({ phase, ms: performance.now() - t0, status: 0 });
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(list: Sample[]) {
  const ms = list.map((s) => s.ms).sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: list.length,
    errors: list.filter((s) => s.status === 0 || s.status >= 400).length,
    p50: r(pct(ms, 50)),
    p95: r(pct(ms, 95)),
    p99: r(pct(ms, 99)),
    max: r(ms[ms.length - 1] ?? 0),
  };
}

async function main(): Promise<void> {
  const simArgs = [
    "-r",
    "ts-node/register/transpile-only",
    path.join(ROOT, "simulator/cli.ts"),
    "--port",
    "0",
    "--quiet",
  ];
  // Lenient: the load is N concurrent jobs per family, which the strict default (one job per family) refuses.
  simArgs.push("--profile", "lenient", "--job-seconds", String(JOB_SECONDS), "--log-limit", "20000");
  if (HTTP) simArgs.push("--http");
  const child = spawn(process.execPath, simArgs, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^cckm-sim listening on (\S+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (c) => reject(new Error(`simulator exited ${c}`)));
  });
  try {
    const plain = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
    agent = plain;
    let ca = "";
    if (base.startsWith("https")) {
      // fetch the CA over a throwaway unverified connection to /sim/ca, then verify everything else with it
      agent = new https.Agent({ rejectUnauthorized: false });
      ca = (await request("GET", "/sim/ca")).body.caCert;
      agent = new https.Agent({ keepAlive: true, maxSockets: SOCKETS, ca });
    }
    const login = await request("POST", "/api/v1/auth/tokens", undefined, {
      grant_type: "password",
      username: "admin",
      password: "admin",
    });
    const token = login.body.jwt as string;

    // Phase 1: start N jobs, all in flight at once (the agent caps sockets).
    const t0 = performance.now();
    const jobs = await Promise.all(
      Array.from({ length: JOBS }, async (_, i) => {
        const [p, body] = FAMILIES[i % FAMILIES.length];
        const r = await timed("create", "POST", p, token, body);
        if (r.status !== 201) throw new Error(`create ${p}: ${r.status} ${JSON.stringify(r.body)}`);
        return { path: `${p}/${r.body.id}`, list: p, status: r.body.overall_status as string };
      }),
    );
    const createSeconds = (performance.now() - t0) / 1000;

    // Phase 2: poll every job every INTERVAL_S (jittered) until it ends; one list call per 50 polls.
    const t1 = performance.now();
    const finals: Record<string, number> = {};
    let polls = 0;
    await Promise.all(
      jobs.map(async (job) => {
        await sleep(Math.random() * INTERVAL_S * 1000);
        for (;;) {
          const r = await timed("poll", "GET", job.path, token);
          if (++polls % 50 === 0) await timed("list", "GET", `${job.list}?limit=20&overall_status=completed`, token);
          const s = String(r.body?.overall_status);
          if (s === "completed" || s === "failed" || s === "error") {
            finals[s] = (finals[s] ?? 0) + 1;
            return;
          }
          await sleep(INTERVAL_S * 1000 * (0.8 + Math.random() * 0.4));
        }
      }),
    );
    const pollSeconds = (performance.now() - t1) / 1000;
    const health = (await request("GET", "/sim/health")).body;
    const serverLog = (await request("GET", "/sim/log")).body as { ms: number }[];
    const serverMs = serverLog.map((e) => e.ms).sort((a, b) => a - b);
    const counters = (await request("GET", "/sim/counters")).body;

    const pollSamples = samples.filter((s) => s.phase !== "create");
    const report = {
      date: new Date().toISOString(),
      transport: base.startsWith("https") ? "https" : "http",
      jobs: JOBS,
      jobSeconds: JOB_SECONDS,
      pollIntervalSeconds: INTERVAL_S,
      clientSockets: SOCKETS,
      create: {
        ...stats(samples.filter((s) => s.phase === "create")),
        seconds: Math.round(createSeconds * 100) / 100,
        perSecond: Math.round(JOBS / createSeconds),
      },
      poll: {
        ...stats(pollSamples),
        seconds: Math.round(pollSeconds * 10) / 10,
        perSecond: Math.round(pollSamples.length / pollSeconds),
      },
      finals,
      serverSide: {
        entries: serverMs.length,
        p50: pct(serverMs, 50),
        p99: pct(serverMs, 99),
        max: serverMs[serverMs.length - 1] ?? 0,
      },
      simulator: {
        rssMB: Math.round(health.rssBytes / 1e6),
        heapUsedMB: Math.round(health.heapUsedBytes / 1e6),
        requests: counters.requests,
        jobsCreated: counters.jobsCreated.total,
      },
    };
    const md = [
      `# cckm-sim load benchmark (${report.date})`,
      "",
      `${JOBS} concurrent jobs across 7 families over ${report.transport}, each job running ${JOB_SECONDS} s and polled every ~${INTERVAL_S} s; ${SOCKETS} client sockets; simulator in its own process.`,
      "",
      "| phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
      "|---|---|---|---|---|---|---|---|",
      `| create (all at once) | ${report.create.requests} | ${report.create.errors} | ${report.create.perSecond} | ${report.create.p50} | ${report.create.p95} | ${report.create.p99} | ${report.create.max} |`,
      `| poll + list | ${report.poll.requests} | ${report.poll.errors} | ${report.poll.perSecond} | ${report.poll.p50} | ${report.poll.p95} | ${report.poll.p99} | ${report.poll.max} |`,
      "",
      `Server-side handling time (request log, last ${report.serverSide.entries} requests): p50 ${report.serverSide.p50} ms, p99 ${report.serverSide.p99} ms, max ${report.serverSide.max} ms.`,
      "",
      `Jobs ended: ${JSON.stringify(finals)}. Simulator RSS ${report.simulator.rssMB} MB (heap ${report.simulator.heapUsedMB} MB) after ${report.simulator.requests} requests.`,
    ].join("\n");
    const out = path.join(ROOT, "bench/results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "simulator-load.json"), JSON.stringify(report, null, 2) + "\n");
    writeFileSync(path.join(out, "simulator-load.md"), md + "\n");
    process.stdout.write(md + "\n");
    if (report.create.errors + report.poll.errors > 0 || (finals.completed ?? 0) !== JOBS) process.exitCode = 1;
  } finally {
    child.kill("SIGTERM");
  }
}

void main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
