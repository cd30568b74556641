/**
 * The HTTP layer: a find-my-way route table over node:http/https, with the body size limit (413), content-type and
 * JSON checks, 404 vs 405, fault injection (raw socket resets included), bearer checks, counters and the request log.
 */
import type { IncomingMessage, ServerResponse } from "http";
import FindMyWay from "find-my-way";
import { BAD_GATEWAY_HTML } from "./cluster/nodes";
import type { Reply, Route, SimContext } from "./context";
import { ApiError, errorBody, unauthorized } from "./errors";
import type { FaultEngine, Loss } from "./faults";
import type { LogEntry } from "./models";
import { queryObject, redact } from "./util";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Bodies past the limit are read and dropped up to this much, so the client gets its 413; beyond, the socket goes. */
const DISCARD_MAX = 64 * 1024 * 1024;

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

export function buildRouter(routes: Route[]): Router {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const r of routes) router.on(r.method, r.path, () => undefined, r);
  return router;
}

/** `/api/v1/cckm/dsm/refresh/:id` -> `/api/v1/cckm/dsm/refresh/{id}`. */
export function template(route: Route): string {
  return `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`;
}

/** A delay whose timer sits in `timers`, so `stop()` can clear what is pending and leave nothing behind. */
function sleep(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(() => {
      timers.delete(t);
      r();
    }, ms);
    timers.add(t);
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > DISCARD_MAX) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge)
        reject(
          new ApiError(413, `request body exceeds the limit of ${limit} bytes`, "NCERRBadRequest", {
            connection: "close",
          }),
        );
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function parseBody(req: IncomingMessage, raw: Buffer, formOk: boolean): unknown {
  if (raw.length === 0) return undefined;
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  const text = raw.toString("utf8");
  if (formOk && type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new ApiError(
      415,
      `Content-Type must be application/json, got ${type ? JSON.stringify(type) : "none"}`,
      "NCERRBadRequest",
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, `malformed JSON body: ${(err as Error).message}`, "NCERRBadRequest");
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...(reply.headers ?? {}),
  });
  res.end(payload);
}

function resetSocket(req: IncomingMessage): void {
  const socket = req.socket as IncomingMessage["socket"] & { resetAndDestroy?: () => void };
  try {
    if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
    else socket.destroy();
  } catch {
    socket.destroy();
  }
}

/** The request was carried out; its answer is lost on the way (a `lose` fault). */
function loseAnswer(req: IncomingMessage, res: ServerResponse, reply: Reply, lose: Loss): void {
  if (res.writableEnded || res.destroyed) return;
  if (lose === "reset") return resetSocket(req);
  if (lose === "html") {
    res.writeHead(502, { "content-type": "text/html", "content-length": Buffer.byteLength(BAD_GATEWAY_HTML) });
    res.end(BAD_GATEWAY_HTML);
    return;
  }
  const payload = JSON.stringify(reply.body);
  const cut = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
  res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(cut) });
  res.end(cut);
}

export interface HandlerDeps {
  sim: SimContext;
  faults: FaultEngine;
  api: Router;
  control: Router;
  /** Pending latency timers (faults, `latencyMs`). */
  timers: Set<NodeJS.Timeout>;
  /** The node this handler serves (every simulator has at least one). */
  node?: NodeHooks;
}

/** What the HTTP layer needs of the node it serves. */
export interface NodeHooks {
  index: number;
  /** Changes whenever the node stops or starts: a request begun in another epoch is not answered. */
  epoch(): number;
  /** Takes the node down (a `lose-answer-stop-node` fault). */
  stop(): void;
  /** Log entries name the node (in a cluster). */
  inLog: boolean;
}

/** The request listener. Every error becomes a CCKM-shaped answer; nothing thrown escapes. */
export function requestHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { sim, faults } = deps;
  return (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: errorBody(500, "internal simulator error") });
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    // Split by hand: WHATWG URL parsing would read a path like //host/x as a host.
    const rawUrl = req.url ?? "/";
    const qAt = rawUrl.indexOf("?");
    const path = qAt >= 0 ? rawUrl.slice(0, qAt) : rawUrl;
    const searchParams = new URLSearchParams(qAt >= 0 ? rawUrl.slice(qAt + 1) : "");
    const isControl = path === "/sim" || path.startsWith("/sim/");
    const node = deps.node;
    const epoch = node?.epoch();
    /** The node went down while this request waited: it is not carried out, and its connection is gone. */
    const nodeGone = () => node !== undefined && node.epoch() !== epoch;
    // The control API sees the whole cluster; a CCKM request sees what its node knows.
    const ctxSim: SimContext = isControl ? { ...sim, node: undefined } : sim;
    const router = isControl ? deps.control : deps.api;
    const store = sim.store;
    const knobs = sim.knobs();
    const entry: LogEntry = {
      time: new Date(sim.clock()).toISOString(),
      method,
      path,
      query: redact(queryObject(searchParams)) as LogEntry["query"],
      status: 0,
      ms: 0,
    };
    if (node?.inLog) entry.node = node.index;
    let reply: Reply | undefined;
    const abandoned = (): void => {
      entry.error = `node ${node?.index} stopped before answering`;
      entry.ms = Math.round(performance.now() - t0);
      if (isControl) return;
      store.counters.requests++;
      store.count(store.counters.byStatus, "reset");
      store.record(entry, knobs.logLimit);
    };
    let raw: Buffer = Buffer.alloc(0);
    let lose: Loss | undefined;
    let stopNode = false;
    try {
      // A route disabled by the knobs (e.g. the SAP key job list in strict mode) is answered as if it did not exist.
      const lookup = (m: string) => {
        const f = router.find(m as FindMyWay.HTTPMethod, path);
        const r = f?.store as Route | undefined;
        return f && (!r?.enabled || r.enabled(knobs)) ? f : null;
      };
      const found = lookup(method);
      if (!found) {
        raw = await readBody(req, knobs.bodyLimit).catch(() => Buffer.alloc(0));
        const allowed = METHODS.filter((m) => lookup(m));
        if (allowed.length > 0) {
          throw new ApiError(405, `method ${method} not allowed on ${path}`, "NCERRBadRequest", {
            allow: allowed.join(", "),
          });
        }
        throw new ApiError(404, `no such endpoint: ${method} ${path}`, "NCERRResourceNotFound");
      }
      const route = found.store as Route;
      const endpoint = template(route);
      entry.endpoint = endpoint;
      if (!isControl) {
        store.count(store.counters.byEndpoint, endpoint);
        const fault = faults.decide(method, path, endpoint.slice(method.length + 1), knobs.faultLatencyMs, node?.index);
        if (fault) {
          entry.fault = fault.kind;
          store.counters.faultsInjected++;
          store.count(store.counters.faultsByKind, fault.kind);
          if (fault.latencyMs) await sleep(fault.latencyMs, deps.timers);
          if (nodeGone()) return abandoned();
          lose = fault.lose;
          stopNode = fault.stopNode === true;
          if (fault.reset) {
            entry.status = 0;
            entry.ms = Math.round(performance.now() - t0);
            store.counters.requests++;
            store.count(store.counters.byStatus, "reset");
            store.record(entry, knobs.logLimit);
            resetSocket(req);
            return;
          }
          if (fault.status) {
            const headers: Record<string, string> = {};
            if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
            await readBody(req, knobs.bodyLimit).catch(() => undefined);
            throw new ApiError(fault.status, fault.message ?? `simulated fault (${fault.status})`, fault.code, headers);
          }
        }
        if (knobs.latencyMs > 0) await sleep(knobs.latencyMs, deps.timers);
        if (nodeGone()) return abandoned();
        if (fault?.expireToken) {
          await readBody(req, knobs.bodyLimit).catch(() => undefined);
          try {
            const p = sim.tokens.verify(req.headers.authorization);
            sim.tokens.expireOne(p.jwtId);
          } catch {
            // already invalid: the answer is the same
          }
          throw unauthorized("Bearer token malformed: Token is expired by 1s");
        }
      }
      raw = await readBody(req, knobs.bodyLimit);
      if (nodeGone()) return abandoned();
      const now = sim.clock();
      const principal = route.auth === false ? undefined : sim.tokens.verify(req.headers.authorization);
      if (principal) entry.user = principal.username;
      if (knobs.unlicensed && path.startsWith("/api/v1/cckm/")) {
        throw new ApiError(403, "License check failed: no valid CCKM license is installed", "NCERRUnauthorizedAccess");
      }
      const takesBody = route.body ?? (method === "POST" || method === "PUT" || method === "PATCH");
      const body = takesBody ? parseBody(req, raw, route.auth === false) : undefined;
      if (body !== undefined) entry.body = redact(body);
      reply = route.handler({
        params: { ...found.params },
        query: searchParams,
        body,
        now,
        principal,
        sim: ctxSim,
        servedBy: node?.index,
      });
      if (reply.ready) await reply.ready;
    } catch (err) {
      if (err instanceof ApiError) {
        reply = { status: err.status, body: err.body(), headers: err.headers };
      } else {
        reply = { status: 500, body: errorBody(500, `internal simulator error: ${(err as Error).message}`) };
      }
      const b = reply.body as { codeDesc: string; message: string };
      entry.error = `${b.codeDesc}: ${b.message}`;
      if (knobs.codeDescMessage && !isControl) b.codeDesc = `${b.codeDesc}: ${b.message}`;
      if (entry.body === undefined && raw.length > 0 && raw.length <= 4096) {
        try {
          entry.body = redact(JSON.parse(raw.toString("utf8")));
        } catch {
          entry.body = `[${raw.length} bytes, not JSON]`;
        }
      } else if (entry.body === undefined && raw.length > 4096) entry.body = `[${raw.length} bytes]`;
    }
    if (stopNode && node) {
      // Carried out, then the node goes down before answering: its connections close (through the LB: a 502).
      node.stop();
      entry.status = 0;
      entry.ms = Math.round((performance.now() - t0) * 100) / 100;
      store.counters.requests++;
      store.count(store.counters.byStatus, "reset");
      store.record(entry, knobs.logLimit);
      return;
    }
    if (reply.after) {
      const after = reply.after;
      res.once("finish", () => setImmediate(after));
    }
    if (lose) {
      loseAnswer(req, res, reply, lose);
      if (lose === "reset") store.count(store.counters.byStatus, "reset");
    } else send(res, reply);
    entry.status = lose === "reset" ? 0 : lose === "html" ? 502 : reply.status;
    entry.ms = Math.round((performance.now() - t0) * 100) / 100;
    if (!isControl) {
      store.counters.requests++;
      if (lose !== "reset") store.count(store.counters.byStatus, String(entry.status));
      store.record(entry, knobs.logLimit);
    }
  }
}
