// Freshness (`maxAgeSeconds`): a completed job whose recorded end lies further back than the bound is stale, and the
// next `up` replaces it with a new job over the same scope. Decided from state and the clock only, so `diff` stays
// free of API calls and `preview` shows the replacement offline.
import { phaseOfStatus, Props } from "../core/models";

/** Why the recorded job is stale under `maxAge` seconds at `now`, or undefined when it is not (or cannot be told). */
export function staleReason(olds: Props, maxAge: unknown, now: number = Date.now()): string | undefined {
  if (typeof maxAge !== "number" || !(maxAge > 0)) return undefined;
  // only a completed job has an end; a failed or cancelled one is replaced anyway, a running one is continued
  if (phaseOfStatus(olds.status) !== "succeeded") return undefined;
  // the job's end: CCKM's `updatedAt` of a completed job (a kind that records none cannot go stale)
  const endedAt = typeof olds.updatedAt === "string" ? olds.updatedAt : undefined;
  const ended = endedAt ? Date.parse(endedAt) : NaN;
  if (!Number.isFinite(ended)) return undefined;
  const ageSeconds = Math.floor((now - ended) / 1000);
  if (ageSeconds <= maxAge) return undefined;
  const job = typeof olds.jobId === "string" && olds.jobId ? `job ${olds.jobId}` : "the recorded job";
  return (
    `${job} ended at ${endedAt}, ${ageSeconds}s ago, longer than maxAgeSeconds (${maxAge}s): ` +
    "a new job runs over the same scope"
  );
}
