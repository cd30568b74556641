// Shared by the cluster suites (issue 18): what "completed" means for a simulator job, and the jobs of one step.
import type { JobRecord, Simulator } from "../../simulator";

/** A job that ended well: a sync job `completed` and not aborted, a SAP key job `COMPLETED`. */
export function completed(job: JobRecord): boolean {
  const j = job as Record<string, unknown>;
  if (job.family === "sapKeys") return j.state === "COMPLETED";
  return j.overall_status === "completed" && j.abort !== true;
}

/** The ids of the simulator's jobs now, to tell a later step's jobs from those made before. */
export function jobIds(sim: Simulator): Set<string> {
  return new Set(sim.jobs().map((j) => String(j.id)));
}

/** The jobs made since `before` (jobIds()). */
export function jobsSince(sim: Simulator, before: Set<string>): JobRecord[] {
  return sim.jobs().filter((j) => !before.has(String(j.id)));
}
