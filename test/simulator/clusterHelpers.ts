/** Requests to one address of a simulated cluster (a node or the load balancer), each on a fresh connection. */
import http from "http";
import https from "https";
import type { Simulator } from "../../simulator";
import type { Answer, CallOptions } from "./helpers";

/** `GET /sim/nodes` fields, as the control API answers them. */
export interface NodeView {
  index: number;
  url: string;
  up: boolean;
}

/**
 * One request to `base` (no keep-alive, so a node that was stopped and started again is reached on a new
 * connection). Rejects on a network error (a refused connection, a connection closed before the answer).
 */
export function callAt(sim: Simulator, base: string, method: string, path: string, opts: CallOptions = {}) {
  const url = new URL(path, base);
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const mod = url.protocol === "https:" ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent: false, ca: sim.caCert || undefined }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
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

/** The error code of a request that failed on the network (`ECONNREFUSED`, `ECONNRESET`...), or its HTTP status. */
export async function outcomeAt(sim: Simulator, base: string, method: string, path: string, opts: CallOptions = {}) {
  try {
    return String((await callAt(sim, base, method, path, opts)).status);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}

/** A password grant at `base`. */
export async function loginAt(sim: Simulator, base: string): Promise<string> {
  const a = await callAt(sim, base, "POST", "/api/v1/auth/tokens", {
    body: { grant_type: "password", username: "admin", password: "admin" },
  });
  if (a.status !== 200) throw new Error(`login at ${base} failed: ${a.status} ${a.text}`);
  return a.body.jwt as string;
}

/** The nodes that served the last `n` CCKM requests (from the request log). */
export function servedBy(sim: Simulator, n: number): (number | undefined)[] {
  return sim
    .requestLog()
    .slice(-n)
    .map((e) => e.node);
}
