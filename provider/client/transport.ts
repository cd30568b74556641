// One HTTP exchange with CCKM through axios: TLS per settings, CCKM error bodies and network failures turned into
// CckmApiError / CckmNetworkError. No authentication and no retries here (see tokens.ts and client.ts).
import axios, { AxiosInstance } from "axios";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import { CckmApiError, CckmNetworkError, parseErrorBody } from "./errors";
import { NETWORK_CODES, parseRetryAfter } from "./retry";
import { ConnectionSettings } from "./settings";

export type { Query } from "../core/models";
import type { Query } from "../core/models";

export interface HttpRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path under `/api`, e.g. `/v1/cckm/dsm/refresh`. */
  path: string;
  query?: Query;
  body?: unknown;
  /** Bearer token. */
  token?: string;
  /** Aborts the request (the operation's deadline passed): no request outlives its deadline. */
  signal?: AbortSignal;
  /**
   * Whether the request may be sent again (to another node of a cluster) after it may have reached CM.
   * @default true but for POST (a job-creating POST is never sent twice blindly)
   */
  repeatable?: boolean;
  /** Told when a node of a cluster is given up on (the line names it), for the operation's progress lines. */
  onNodeFailure?: (line: string) => void;
}

export interface HttpResponse {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>;
}

/** The longest one attempt may take when the deadline is further away (a hung connection is then retried). */
export const ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * The longest a new connection (TCP and TLS handshake) may take: a node whose host is down answers nothing at all,
 * and only this makes a request to it fail over in seconds rather than after ATTEMPT_TIMEOUT_MS. No request byte has
 * been sent then, so even a job-creating POST may go elsewhere. CCKM_CONNECT_TIMEOUT_MS overrides it.
 */
export function connectTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.CCKM_CONNECT_TIMEOUT_MS);
  return v > 0 ? v : 5000;
}

/** The error code of a connection that did not open within connectTimeoutMs() (never sent, see retry.ts). */
export const CONNECT_TIMEOUT_CODE = "ECONNECTTIMEOUT";

type CreateConnection = (options: object, callback?: (err: Error | null, socket?: unknown) => void) => net.Socket;

/** Makes every new connection of `agent` fail with CONNECT_TIMEOUT_CODE when it is not open within `ms`. */
function limitConnect(agent: http.Agent, ms: number, secure: boolean): void {
  const a = agent as unknown as { createConnection: CreateConnection };
  const create = a.createConnection.bind(agent);
  a.createConnection = (options, callback) => {
    const socket = create(options, callback);
    const timer = setTimeout(() => {
      const err = Object.assign(new Error(`no connection within ${ms} ms`), { code: CONNECT_TIMEOUT_CODE });
      socket.destroy(err);
    }, ms);
    timer.unref?.();
    const done = () => clearTimeout(timer);
    socket.once(secure ? "secureConnect" : "connect", done);
    socket.once("close", done);
    return socket;
  };
}

const warnedInsecure = new Set<string>();

/** `?k=a&k=b` for lists, as CCKM expects; undefined values are left out. */
export function encodeQuery(query: Query = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

function hintFor(code: string, settings: ConnectionSettings, node: string): string | undefined {
  if (NETWORK_CODES[code] === "untrusted") {
    return (
      `CCKM's TLS certificate is not trusted: pass its CA certificate as cckm:caCert (PEM text or a file path) ` +
      `or CIPHERTRUST_CA_CERT` +
      (settings.caCert ? " (the caCert given does not sign it)" : "") +
      `, or set cckm:insecureSkipVerify=true for a test appliance only`
    );
  }
  if (NETWORK_CODES[code] === "wrong-name") {
    return `CCKM's TLS certificate does not name the host of ${node}: use an address that the certificate names`;
  }
  if (code === "ECONNREFUSED") return `nothing listens at ${node}: check cckm:address`;
  if (code === CONNECT_TIMEOUT_CODE) return `${node} did not accept a connection: check cckm:address and the network`;
  if (code === "ERR_CANCELED") return "the operation's deadline (timeoutSeconds) passed during the request";
  return undefined;
}

/** The transport to one node (`node`: a base URL, by default the address; see nodes.ts for a cluster). */
export function createTransport(
  settings: ConnectionSettings,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
  node = settings.address,
): Transport {
  if (settings.insecureSkipVerify && node.startsWith("https:") && !warnedInsecure.has(node)) {
    warnedInsecure.add(node);
    console.error(
      `warning: cckm: TLS verification is off for ${node} (insecureSkipVerify): anyone on the path can ` +
        `read the credentials. Pass the CA certificate as cckm:caCert instead.`,
    );
  }
  const agent = new https.Agent({
    ca: settings.caCert,
    rejectUnauthorized: !settings.insecureSkipVerify,
    keepAlive: true,
    maxSockets: 16,
  });
  const plainAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  limitConnect(agent, connectTimeoutMs(), true);
  limitConnect(plainAgent, connectTimeoutMs(), false);
  const client: AxiosInstance = axios.create({
    baseURL: `${node}/api`,
    httpsAgent: agent,
    httpAgent: plainAgent,
    timeout: timeoutMs,
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    responseType: "json",
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
  });
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const endpoint = `${req.method} /api${req.path}`;
      const headers: Record<string, string> = { Accept: "application/json" };
      if (req.token) headers.Authorization = `Bearer ${req.token}`;
      if (req.body !== undefined) headers["Content-Type"] = "application/json";
      let res;
      try {
        res = await client.request({
          method: req.method,
          url: req.path + encodeQuery(req.query),
          data: req.body === undefined ? undefined : JSON.stringify(req.body),
          headers,
          signal: req.signal,
        });
      } catch (err) {
        // Never pass axios' error on: its config holds the Authorization header and the request body.
        const e = err as { code?: string; cause?: { code?: string }; message?: string };
        const code = String(e.cause?.code ?? e.code ?? "ENETWORK");
        const detail = String(e.message ?? "network error").replace(/Bearer\s+\S+/g, "Bearer ***");
        throw new CckmNetworkError(endpoint, code, detail, hintFor(code, settings, node));
      }
      if (res.status >= 200 && res.status < 300) {
        return { status: res.status, data: res.data, headers: res.headers as Record<string, unknown> };
      }
      const { codeDesc, message } = parseErrorBody(res.data);
      throw new CckmApiError(endpoint, res.status, codeDesc, message, parseRetryAfter(res.headers["retry-after"]));
    },
  };
}
