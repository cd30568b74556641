/** Small helpers shared by the simulator's modules. */

/** RFC 3339 with nanosecond digits and `Z`, as CCKM writes `createdAt` (e.g. `2021-03-03T06:10:52.128836208Z`). */
export function rfc3339(ms: number): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString(); // ...T06:10:52.128Z
  const subMs = Math.floor((ms - whole) * 1e6)
    .toString()
    .padStart(6, "0");
  return `${iso.slice(0, 23)}${subMs}Z`;
}

/** A clock with sub-millisecond digits so `updatedAt` differs from `createdAt` like CCKM's. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The query as an object; repeated keys become arrays. */
export function queryObject(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(q.keys())) {
    const all = q.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

const SECRET_KEYS = /^(password|refresh_token|jwt|token|client_secret|secret|authorization)$/i;

/** A deep copy with every secret-bearing field replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? "[redacted]" : redact(v);
    return out;
  }
  return value;
}

/** Normalizes a status the way clients do (trim, lower-case, spaces and dashes to `_`). */
export function normalizeStatus(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}
