/** A tiny HTTP(S) client for the conformance suite: real sockets, the simulator's CA, no client library of ours. */
import http from "http";
import https from "https";
import type { Simulator } from "../../simulator";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  raw?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

const agents = new WeakMap<Simulator, http.Agent>();

function agentFor(sim: Simulator): http.Agent {
  let agent = agents.get(sim);
  if (!agent) {
    agent = sim.caCert ? new https.Agent({ ca: sim.caCert, keepAlive: true }) : new http.Agent({ keepAlive: true });
    agents.set(sim, agent);
  }
  return agent;
}

export function call(sim: Simulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const url = new URL(path, sim.url);
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  let payload: string | Buffer | undefined;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent: agentFor(sim) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = undefined;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export async function login(sim: Simulator, username = "admin", password = "admin"): Promise<string> {
  const a = await call(sim, "POST", "/api/v1/auth/tokens", { body: { grant_type: "password", username, password } });
  if (a.status !== 200) throw new Error(`login failed: ${a.status} ${a.text}`);
  return a.body.jwt as string;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls GET path until pred holds (or fails after `ms`). */
export async function waitFor(
  sim: Simulator,
  path: string,
  token: string,
  pred: (a: Answer) => boolean,
  ms = 5000,
): Promise<Answer> {
  const end = Date.now() + ms;
  for (;;) {
    const a = await call(sim, "GET", path, { token });
    if (pred(a)) return a;
    if (Date.now() > end) throw new Error(`timed out waiting on ${path}: last ${a.status} ${a.text}`);
    await sleep(50);
  }
}

/** Asserts a CCKM-shaped error body. */
export function isCckmError(a: Answer, status: number, codeDesc: string): boolean {
  return (
    a.status === status &&
    typeof a.body?.code === "number" &&
    typeof a.body?.message === "string" &&
    String(a.body?.codeDesc).startsWith(codeDesc)
  );
}

/** Ids from the default seed (simulator/seed/default.json). */
export const SEED = {
  dsm: [
    "89c49e63-b5c9-46be-9371-0d8b0649e289",
    "8376d8ce-43a4-44b0-9958-1d64d4a455bf",
    "d9fcff17-2d1a-4f55-bde0-8072bb2f2985",
  ],
  externalCm: [
    "3e732d57-5ea1-491f-b238-9f4a39a9566f",
    "c4e5bd34-af39-4027-9058-6f1a4bb3519d",
    "5929a220-c511-4ac5-afe0-b82728f9c843",
  ],
  googleRingId: "33acf77f-10df-4cdf-892c-bd965a84ae6c",
  googleRingName: "projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring",
  azureVaultId: "bedb82b9-582c-402d-9874-f3368722cf46",
  azureVaultName: "keyvault-softkeys",
  awsKmsId: "df43c37a-1961-4279-a89e-fe4a940f5425",
  awsKmsName: "aws-prod",
  ociVaultId: "b20db948-1a9d-4413-844b-9aa2f0e0fd29",
  sapGroupId: "489ac34d-3e9c-4be3-8c1c-2c383bf31461",
  sapKeyLive: "b707ea86-37bb-4212-ad09-2635698dbe4a",
  sapKeyGone: "f467087b-417a-49b1-b0aa-43036d274000",
  sapKeyLiveWithBackup: "08eb0a7f-8912-406a-8124-ea6b54bfdb19",
};
