// The baselines: what a CI script (a fixed 5 s sleep between status calls) and Thales' Terraform provider (a fixed
// 20 s) do. Plain HTTPS against the simulator, the same password grant as the provider, one login per job as a
// script run would, and no cleverness: sleep, GET, repeat until the status is no longer in progress.
import * as https from "https";
import * as http from "http";

export interface NaiveOptions {
  url: string;
  caCert: string;
  username: string;
  password: string;
  /** Jobs path under /api, e.g. /v1/cckm/dsm/refresh. */
  path: string;
  body: Record<string, unknown>;
  intervalMs: number;
}

export interface NaiveResult {
  jobId: string;
  /** Date.now() when the poller saw the job end and returned. */
  returnedAt: number;
  polls: number;
  grants: number;
  status: string;
}

interface Answer {
  status: number;
  data: unknown;
}

function call(opts: NaiveOptions, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const u = new URL(`/api${path}`, opts.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const mod = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      { method, headers, ca: opts.caCert || undefined, agent: false }, // a new connection per call, like curl
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : undefined;
          } catch {
            // keep the text
          }
          resolve({ status: res.statusCode ?? 0, data });
        });
      },
    );
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function normalized(status: unknown): string {
  return String(status ?? "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Starts one job and waits for it with a fixed sleep between status calls. */
export async function naiveJob(opts: NaiveOptions): Promise<NaiveResult> {
  let grants = 0;
  const login = async () => {
    grants++;
    const r = await call(opts, "POST", "/v1/auth/tokens", undefined, {
      grant_type: "password",
      username: opts.username,
      password: opts.password,
    });
    const jwt = (r.data as { jwt?: string } | undefined)?.jwt;
    if (r.status !== 200 || !jwt) throw new Error(`login: HTTP ${r.status}`);
    return jwt;
  };
  let token = await login();
  const authed = async (method: string, path: string, body?: unknown) => {
    let r = await call(opts, method, path, token, body);
    if (r.status === 401) {
      token = await login();
      r = await call(opts, method, path, token, body);
    }
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status}`);
    return r.data as Record<string, unknown>;
  };
  const job = await authed("POST", opts.path, opts.body);
  const jobId = String(job.id);
  let polls = 0;
  for (;;) {
    await sleep(opts.intervalMs);
    const now = await authed("GET", `${opts.path}/${jobId}`);
    polls++;
    const status = normalized(now.overall_status ?? now.state);
    if (status !== "in_progress" && status !== "pending") {
      return { jobId, returnedAt: Date.now(), polls, grants, status };
    }
  }
}
