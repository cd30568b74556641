/** Fault rules (ordered, first match decides) and the seeded random generator that makes fault runs repeatable. */
import { z } from "zod";
import { bool, check, int, num, oneOf, text, type ValueType } from "./schema";

/** mulberry32: a small, seeded, repeatable generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const patternCache = new Map<string, RegExp>();

/** `*` or `{name}` = one path segment, `**` = anything; a pattern without `/api` also matches under `/api`. */
export function pathPattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .split(/(\*\*|\*|\{[^}]*\})/)
      .map((part) => {
        if (part === "**") return ".*";
        if (part === "*" || /^\{[^}]*\}$/.test(part)) return "[^/]+";
        return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("");
    const prefix = pattern.startsWith("/api/") || pattern.startsWith("**") ? "" : "(?:/api)?";
    re = new RegExp(`^${prefix}${body}/?$`);
    patternCache.set(pattern, re);
  }
  return re;
}

const optional = <T>(t: ValueType<T>) => t.schema.optional();
const LOSSES = ["reset", "truncate", "html", "any"] as const;
const ACTIONS = ["lose-answer-stop-node"] as const;

/**
 * A fault rule. Rules are tried in order; the first whose `method` and `path` match decides, firing with its
 * `probability` (default 1). `path` is a pattern over the request path: `*` or `{name}` is one segment, `**` any rest.
 */
const faultRule = z
  .strictObject({
    method: optional(text()),
    path: optional(text()),
    probability: optional(num(0, 1)),
    /** Answer with this HTTP status and a CCKM error body. */
    status: optional(num(100, 599)),
    /** The `codeDesc` of that body (default from the status). */
    code: optional(text()),
    message: optional(text()),
    /** `Retry-After` seconds (defaults to 1 with status 429). */
    retryAfter: optional(num(0)),
    /** Delay before answering (alone: a slow but normal answer). */
    latencyMs: optional(num(0)),
    /** Reset the connection instead of answering. */
    reset: optional(bool()),
    /** Answer 401 "Token is expired" and expire the caller's token. */
    expireToken: optional(bool()),
    /** Pick one of 500, 502, 503, 429, reset, slow answer at random. */
    mix: optional(bool()),
    /** Fire at most this many times, then the rule is spent. */
    times: optional(num(0)),
    /**
     * A lost answer: the request is carried out (a job is created), then the answer is lost: `reset` (the connection
     * is reset, no answer), `truncate` (the status and half of the JSON body), `html` (a proxy's 502 HTML page), or
     * `any` of them at random. Other effect fields are ignored, `latencyMs` delays as usual.
     */
    lose: optional(oneOf(LOSSES)),
    /**
     * `lose-answer-stop-node`: the request is carried out (a job is created), then the node that served it goes
     * down before answering (as `stopNode`: listener and connections closed; through the load balancer, a 502).
     * Other effect fields are ignored, `latencyMs` delays as usual.
     */
    action: optional(oneOf(ACTIONS)),
    /** Only requests served by this node (0-based; in a cluster). */
    node: optional(int(0)),
  })
  .refine((r) => r.status || r.reset || r.expireToken || r.mix || r.lose || r.action || r.latencyMs !== undefined, {
    error: "says nothing to do (give status, reset, expireToken, mix, lose, action or latencyMs)",
  });

/**
 * A fault rule (see `faultRule` above for what each field does). Spelled out rather than `z.infer`, so that the
 * simulator's public typings do not reach into zod's (whose locale typings need `esModuleInterop`, which a Pulumi
 * TypeScript project does not set); the assignment below makes the compiler keep the two equal.
 */
export interface FaultRule {
  method?: string;
  path?: string;
  probability?: number;
  status?: number;
  code?: string;
  message?: string;
  retryAfter?: number;
  latencyMs?: number;
  reset?: boolean;
  expireToken?: boolean;
  mix?: boolean;
  times?: number;
  lose?: (typeof LOSSES)[number];
  action?: (typeof ACTIONS)[number];
  node?: number;
}
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const faultRuleIsSpelledOut: Same<FaultRule, z.infer<typeof faultRule>> = true;
void faultRuleIsSpelledOut;
export type Loss = Exclude<(typeof LOSSES)[number], "any">;

/** Checks a rule list (or one rule), naming the first bad field (`faults[2].status: ...`). */
export function validateRules(rules: unknown): FaultRule[] {
  const list = Array.isArray(rules) ? rules : [rules];
  return list.map((r, i) => {
    const where = `faults[${i}]`;
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw new Error(`${where}: expected an object`);
    const rule = check(faultRule, r, where);
    if (rule.path !== undefined) pathPattern(rule.path);
    return { ...rule };
  });
}

/** The mix behind `faults: <p>`: every CCKM endpoint, auth included. */
export function mixRules(probability: number): FaultRule[] {
  return probability > 0 ? [{ path: "/api/**", probability, mix: true }] : [];
}

/** Rules that lose the answer of job-creating POSTs (`paths`) with probability `p` (`lostAnswers: p`). */
export function lostAnswerRules(probability: number, paths: readonly string[]): FaultRule[] {
  return probability > 0 ? paths.map((path) => ({ method: "POST", path, probability, lose: "any" as const })) : [];
}

/** What the server does for a fired fault: a rule's effect fields (the mix resolved to one of them), named by `kind`. */
export type FaultAction = { kind: string; lose?: Loss; stopNode?: boolean } & Pick<
  FaultRule,
  "status" | "code" | "message" | "retryAfter" | "latencyMs" | "reset" | "expireToken"
>;

export class FaultEngine {
  private rules: FaultRule[] = [];
  private random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  get(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  replace(rules: unknown): FaultRule[] {
    this.rules = validateRules(rules);
    return this.get();
  }

  add(rules: unknown): FaultRule[] {
    this.rules.push(...validateRules(rules));
    return this.get();
  }

  remove(index: number): FaultRule[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.rules.length) {
      throw new Error(`no fault rule at index ${index} (there are ${this.rules.length})`);
    }
    this.rules.splice(index, 1);
    return this.get();
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching method, path (and node) decides; it fires with its probability. */
  decide(
    method: string,
    path: string,
    template: string,
    faultLatencyMs: number,
    node?: number,
  ): FaultAction | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.times === undefined || r.times > 0) &&
        (r.node === undefined || r.node === node) &&
        (!r.method || r.method === "*" || r.method.toUpperCase() === method) &&
        (!r.path || pathPattern(r.path).test(path) || pathPattern(r.path).test(template)),
    );
    if (!rule) return undefined;
    if (this.random() >= (rule.probability ?? 1)) return undefined;
    if (rule.times !== undefined) rule.times -= 1;
    if (rule.mix) {
      const pick = Math.floor(this.random() * 6);
      switch (pick) {
        case 0:
          return { kind: "500", status: 500, message: "Internal server error (simulated)" };
        case 1:
          return { kind: "502", status: 502, message: "Bad gateway (simulated)" };
        case 2:
          return { kind: "503", status: 503, message: "Service unavailable (simulated)" };
        case 3:
          return { kind: "429", status: 429, retryAfter: 1, message: "Too many requests (simulated)" };
        case 4:
          return { kind: "reset", reset: true };
        default:
          return { kind: "latency", latencyMs: faultLatencyMs };
      }
    }
    if (rule.action === "lose-answer-stop-node") {
      return { kind: "lostAnswer:stop-node", stopNode: true, latencyMs: rule.latencyMs };
    }
    if (rule.lose) {
      const lose =
        rule.lose === "any" ? (["reset", "truncate", "html"] as const)[Math.floor(this.random() * 3)] : rule.lose;
      return { kind: `lostAnswer:${lose}`, lose, latencyMs: rule.latencyMs };
    }
    const kind = rule.reset
      ? "reset"
      : rule.expireToken
        ? "tokenExpiry"
        : rule.status
          ? String(rule.status)
          : "latency";
    return {
      kind,
      status: rule.status,
      code: rule.code,
      message: rule.message,
      retryAfter: rule.retryAfter ?? (rule.status === 429 ? 1 : undefined),
      latencyMs: rule.latencyMs,
      reset: rule.reset,
      expireToken: rule.expireToken,
    };
  }
}
