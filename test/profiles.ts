// Which simulator profiles a suite runs under (issue 12 point 3). Every engine suite runs against cckm-sim's strict
// default (a CM that refuses a second sync per family, lists oldest first, has no SAP job list, words success as it
// likes); the representative ones also against `--profile lenient`, the kinder simulator of before, so that a client
// change that only works on one of them shows. CCKM_TEST_PROFILES=strict,lenient runs every suite in both.
export type Profile = "strict" | "lenient";

/** The values of a comma-separated variable that are among `allowed` (none when it is unset). */
export function askedIn<T extends string>(value: string | undefined, allowed: readonly T[]): T[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s): s is T => (allowed as readonly string[]).includes(s));
}

export function profiles(representative = false, env: NodeJS.ProcessEnv = process.env): Profile[] {
  const asked = askedIn(env.CCKM_TEST_PROFILES, ["strict", "lenient"] as const);
  if (asked.length) return asked;
  return representative ? ["strict", "lenient"] : ["strict"];
}

/** Jobs of this test run: the simulator's `history` jobs are dated at least an hour back. */
export function madeByThisRun(job: object): boolean {
  const created = (job as { createdAt?: unknown }).createdAt;
  const t = typeof created === "string" ? Date.parse(created) : NaN;
  return !(t < Date.now() - 30 * 60_000);
}
