/**
 * A second job while one runs. Thales' Ansible collection documents that CipherTrust Manager refuses to start a
 * synchronization while another runs, with no status code (reference section 5): the strict default refuses per
 * family with a 400, and the scope, status, codeDesc and message are knobs (`refuseWhileRunning`, `refusal*`).
 */
import { sees } from "../cluster/replication";
import type { SimContext } from "../context";
import { ApiError } from "../errors";
import { familyKnob, type Family } from "../knobs";
import type { Job } from "../models";

/**
 * Throws the configured answer if `job` may not start now. `clashes(running)` says whether a running job of the
 * family overlaps the new one's scope. Cancelled jobs that have not ended are still running. Call after the
 * family's jobs were brought up to now, and after the `overlap: conflict` check (its 409 comes first). In a cluster,
 * a node knows only the jobs replicated to it by `now`: a job another node started moments ago does not refuse.
 */
export function refuseIfBusy(sim: SimContext, family: Family, now: number, clashes: (running: Job) => boolean): void {
  const knobs = sim.knobs();
  const running = [...sim.store.running].filter((j) => j.family === family && sees(sim, j.id, now));
  const mode = familyKnob(knobs, family, "refuseWhileRunning");
  if (mode === "off") return;
  // SAP key jobs have no family-wide lock: their scope is the key, whichever mode is set.
  const perScope = mode === "scope" || family === "sapKeys";
  const busy = running.find((j) => !perScope || clashes(j));
  if (!busy) return;
  const message = knobs.refusalMessage.replace(/\{id\}/g, busy.id).replace(/\{family\}/g, family);
  throw new ApiError(knobs.refusalStatus, message, knobs.refusalCode);
}
