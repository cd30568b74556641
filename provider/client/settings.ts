// Connection settings, first found wins: stack config `cckm:*` (handed to `configure` in the provider process),
// then CIPHERTRUST_* (the names of Thales' Terraform provider), then the older CM_* aliases. Read at run time,
// never captured into state.
import * as crypto from "crypto";
import * as fs from "fs";
import { CckmConfigError } from "./errors";

/** Resolved connection settings. Secrets (password, refreshToken) must never be logged or stored. */
export interface ConnectionSettings {
  /**
   * Base URL without `/api` and without a trailing slash, e.g. `https://cm.example.com`; for a node list, the nodes'
   * URLs joined by ", " (for messages: requests go to `nodes`).
   */
  address: string;
  /** The nodes of one cluster, in the order given. @default [address] */
  nodes?: string[];
  /**
   * How long a write may take to reach every node of the cluster, in seconds (see replication.ts).
   * @default DEFAULT_REPLICATION_LAG_SECONDS
   */
  replicationLagSeconds?: number;
  username?: string;
  password?: string;
  domain?: string;
  authDomain?: string;
  refreshToken?: string;
  /** PEM text of the CA bundle to trust (read from the file when the setting was a path). */
  caCert?: string;
  insecureSkipVerify: boolean;
  /** Where each setting came from (config key or variable name), for messages. */
  sources: Partial<Record<SettingName, string>>;
}

export type SettingName =
  | "address"
  | "username"
  | "password"
  | "domain"
  | "authDomain"
  | "refreshToken"
  | "caCert"
  | "insecureSkipVerify"
  | "replicationLagSeconds";

/** The precedence table: config key, then environment variables in order. */
export const SETTING_SOURCES: Record<SettingName, { config: string; env: string[] }> = {
  address: { config: "cckm:address", env: ["CIPHERTRUST_ADDRESS", "CM_ADDRESS"] },
  username: { config: "cckm:username", env: ["CIPHERTRUST_USERNAME", "CM_USERNAME"] },
  password: { config: "cckm:password", env: ["CIPHERTRUST_PASSWORD", "CM_PASSWORD"] },
  domain: { config: "cckm:domain", env: ["CIPHERTRUST_DOMAIN", "CM_DOMAIN"] },
  authDomain: { config: "cckm:authDomain", env: ["CIPHERTRUST_AUTH_DOMAIN", "CM_AUTH_DOMAIN"] },
  refreshToken: { config: "cckm:refreshToken", env: ["CIPHERTRUST_REFRESH_TOKEN"] },
  caCert: { config: "cckm:caCert", env: ["CIPHERTRUST_CA_CERT"] },
  insecureSkipVerify: { config: "cckm:insecureSkipVerify", env: ["CIPHERTRUST_INSECURE_SKIP_VERIFY"] },
  replicationLagSeconds: { config: "cckm:replicationLagSeconds", env: ["CIPHERTRUST_REPLICATION_LAG_SECONDS"] },
};

/**
 * The bound on replication lag when none is set: a write on one CM node is taken to reach the others within it
 * (CM clusters replicate within a second or so on one network; Thales' Terraform provider sleeps a configured
 * `replication_delay_ms` after writes). It costs nothing on the normal path: it only bounds how long a 404 for
 * something just written, or a look-up after a lost POST answer, is read again before it counts.
 */
export const DEFAULT_REPLICATION_LAG_SECONDS = 5;

/** The nodes of a connection (one for a single address). */
export function nodesOf(s: ConnectionSettings): string[] {
  return s.nodes?.length ? s.nodes : [s.address];
}

/** The replication-lag bound of a connection, in ms. */
export function replicationLagMs(s: ConnectionSettings): number {
  return (s.replicationLagSeconds ?? DEFAULT_REPLICATION_LAG_SECONDS) * 1000;
}

/** Stack config as `configure` hands it over (values are strings; secrets already decrypted). */
export type StackConfig = Record<string, unknown>;

function lookup(
  name: SettingName,
  config: StackConfig,
  env: NodeJS.ProcessEnv,
): { value: string; source: string } | undefined {
  const src = SETTING_SOURCES[name];
  const fromConfig = config[src.config];
  if (fromConfig !== undefined && fromConfig !== null && String(fromConfig).trim() !== "") {
    return { value: String(fromConfig), source: src.config };
  }
  for (const v of src.env) {
    const fromEnv = env[v];
    if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv, source: v };
  }
  return undefined;
}

/** `https://host[:port]` from what users write (`host`, `https://host/`, `https://host/api`). */
export function normalizeAddress(raw: string, source = "cckm:address"): string {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CckmConfigError(source, `"${text}" is not a valid address (expected https://host[:port])`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CckmConfigError(source, `"${text}" must use https:// (or http://), not ${url.protocol}`);
  }
  if (!url.hostname || url.search || url.hash || url.username || url.password || /\s/.test(text)) {
    throw new CckmConfigError(source, `"${text}" is not a valid address (expected https://host[:port])`);
  }
  const pathname = url.pathname.replace(/\/+$/, "").replace(/\/api$/, "");
  return `${url.protocol}//${url.host}${pathname}`;
}

/**
 * The node URLs of an address setting: one URL, or several of one cluster separated by commas. Every malformed
 * entry is named in the one error, so that a list is fixed in one go.
 */
export function parseNodeList(raw: string, source = "cckm:address"): string[] {
  const parts = raw.split(",").map((p) => p.trim());
  const problems: string[] = [];
  const nodes: string[] = [];
  parts.forEach((part, i) => {
    if (!part) {
      if (parts.length > 1) problems.push(`entry ${i + 1} of the list is empty`);
      return;
    }
    try {
      const url = normalizeAddress(part, source);
      if (nodes.includes(url)) problems.push(`"${part}" is listed twice`);
      else nodes.push(url);
    } catch (err) {
      if (!(err instanceof CckmConfigError)) throw err;
      problems.push(err.reason);
    }
  });
  if (problems.length) {
    const what = parts.length > 1 ? " (a comma-separated list of the cluster's node URLs)" : "";
    throw new CckmConfigError(source, `${problems.join("; ")}${what}`);
  }
  if (!nodes.length) throw new CckmConfigError(source, "names no address (expected https://host[:port])");
  return nodes;
}

/** A number of seconds from 0 to 300 (a bound on replication lag; 0 turns the tolerance off). */
export function parseLagSeconds(raw: string, source: string): number {
  const v = Number(String(raw).trim());
  if (String(raw).trim() === "" || !Number.isFinite(v) || v < 0 || v > 300) {
    throw new CckmConfigError(source, `"${String(raw)}" is not a number of seconds from 0 to 300`);
  }
  return v;
}

/** PEM text from the setting: the text itself when it is PEM, else the content of the file it names. */
export function loadCaCert(raw: string, source = "cckm:caCert"): string {
  let pem = raw;
  if (!raw.includes("-----BEGIN")) {
    const file = raw.trim();
    try {
      pem = fs.readFileSync(file, "utf8");
    } catch {
      throw new CckmConfigError(source, `neither PEM text nor a readable file ("${file.slice(0, 200)}")`);
    }
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) throw new CckmConfigError(source, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  for (const block of blocks) {
    try {
      new crypto.X509Certificate(block);
    } catch {
      throw new CckmConfigError(source, "holds a PEM block that is not a valid X.509 certificate");
    }
  }
  return blocks.join("\n");
}

/** Accepts booleans and true/false/1/0/yes/no/on/off. */
export function parseBool(raw: unknown, source: string): boolean {
  if (typeof raw === "boolean") return raw;
  const v = String(raw).trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off", ""].includes(v)) return false;
  throw new CckmConfigError(source, `"${String(raw)}" is not a boolean (use true or false)`);
}

/** Resolves and validates every setting; throws CckmConfigError naming the setting at fault. */
export function resolveSettings(config: StackConfig, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const sources: ConnectionSettings["sources"] = {};
  const get = (name: SettingName) => {
    const hit = lookup(name, config, env);
    if (hit) sources[name] = hit.source;
    return hit?.value;
  };
  const rawAddress = get("address");
  if (!rawAddress) {
    throw new CckmConfigError("cckm:address", "not set (set cckm:address, or CIPHERTRUST_ADDRESS in the environment)");
  }
  const nodes = parseNodeList(rawAddress, sources.address);
  const username = get("username")?.trim();
  const password = get("password");
  const refreshToken = get("refreshToken")?.trim();
  if (!refreshToken && !(username && password)) {
    const missing = !username ? "cckm:username" : "cckm:password";
    throw new CckmConfigError(
      missing,
      "no credentials: set cckm:username and cckm:password (or CIPHERTRUST_USERNAME and CIPHERTRUST_PASSWORD), or cckm:refreshToken",
    );
  }
  const rawCa = get("caCert");
  const rawInsecure = get("insecureSkipVerify");
  const rawLag = get("replicationLagSeconds");
  return {
    address: nodes.join(", "),
    ...(nodes.length > 1 ? { nodes } : {}),
    ...(rawLag === undefined ? {} : { replicationLagSeconds: parseLagSeconds(rawLag, sources.replicationLagSeconds!) }),
    username,
    password,
    domain: get("domain")?.trim(),
    authDomain: get("authDomain")?.trim(),
    refreshToken,
    caCert: rawCa ? loadCaCert(rawCa, sources.caCert) : undefined,
    insecureSkipVerify: rawInsecure === undefined ? false : parseBool(rawInsecure, sources.insecureSkipVerify!),
    sources,
  };
}

/** A key naming one connection (one token per provider process and connection); a hash, so no secret shows. */
export function connectionKey(s: ConnectionSettings): string {
  return crypto
    .createHash("sha256")
    .update(
      JSON.stringify([
        s.address,
        s.username,
        s.password,
        s.domain,
        s.authDomain,
        s.refreshToken,
        s.caCert,
        s.insecureSkipVerify,
        s.replicationLagSeconds,
      ]),
    )
    .digest("hex")
    .slice(0, 24);
}
