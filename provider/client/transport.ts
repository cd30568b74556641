// One HTTP exchange with CCKM through axios: TLS per settings, CCKM error bodies and network failures turned into
// CckmApiError / CckmNetworkError. No authentication and no retries here (see tokens.ts and client.ts).
import axios, { AxiosInstance } from "axios";
import * as https from "https";
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

function hintFor(code: string, settings: ConnectionSettings): string | undefined {
  if (NETWORK_CODES[code] === "untrusted") {
    return (
      `CCKM's TLS certificate is not trusted: pass its CA certificate as cckm:caCert (PEM text or a file path) ` +
      `or CIPHERTRUST_CA_CERT` +
      (settings.caCert ? " (the caCert given does not sign it)" : "") +
      `, or set cckm:insecureSkipVerify=true for a test appliance only`
    );
  }
  if (NETWORK_CODES[code] === "wrong-name") {
    return `CCKM's TLS certificate does not name the host of ${settings.address}: use an address that the certificate names`;
  }
  if (code === "ECONNREFUSED") return `nothing listens at ${settings.address}: check cckm:address`;
  if (code === "ERR_CANCELED") return "the operation's deadline (timeoutSeconds) passed during the request";
  return undefined;
}

export function createTransport(settings: ConnectionSettings, timeoutMs = ATTEMPT_TIMEOUT_MS): Transport {
  if (settings.insecureSkipVerify && settings.address.startsWith("https:") && !warnedInsecure.has(settings.address)) {
    warnedInsecure.add(settings.address);
    console.error(
      `warning: cckm: TLS verification is off for ${settings.address} (insecureSkipVerify): anyone on the path can ` +
        `read the credentials. Pass the CA certificate as cckm:caCert instead.`,
    );
  }
  const agent = new https.Agent({
    ca: settings.caCert,
    rejectUnauthorized: !settings.insecureSkipVerify,
    keepAlive: true,
    maxSockets: 16,
  });
  const http: AxiosInstance = axios.create({
    baseURL: `${settings.address}/api`,
    httpsAgent: agent,
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
        res = await http.request({
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
        throw new CckmNetworkError(endpoint, code, detail, hintFor(code, settings));
      }
      if (res.status >= 200 && res.status < 300) {
        return { status: res.status, data: res.data, headers: res.headers as Record<string, unknown> };
      }
      const { codeDesc, message } = parseErrorBody(res.data);
      throw new CckmApiError(endpoint, res.status, codeDesc, message, parseRetryAfter(res.headers["retry-after"]));
    },
  };
}
