// Which shared jobs resources of this process still need, so that `delete` never cancels a job another resource
// waits on. Within a process: a count of the creates still waiting on each job. Across runs the provider cannot see
// the other resources of the stack, only the job: a job over more items than the deleted resource's own is left
// running, unless the resources deleted by this process have released all of its items (a `pulumi destroy` of them
// all), in which case it is cancelled as any job of a deleted resource is.
import { itemMatches } from "../../kinds/scope";

const waiting = new Map<string, number>();
const released = new Map<string, string[]>();

/** A create waits on `jobId`: returns the call that ends that. */
export function hold(jobId: string): () => void {
  waiting.set(jobId, (waiting.get(jobId) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const n = (waiting.get(jobId) ?? 1) - 1;
    if (n > 0) waiting.set(jobId, n);
    else waiting.delete(jobId);
  };
}

/** How many creates of this process still wait on the job. */
export function holders(jobId: string): number {
  return waiting.get(jobId) ?? 0;
}

/**
 * Records that a resource over `items` of the shared job `jobId` (stored scope `stored`) is deleted, and returns the
 * job's items no deleted resource of this process has released yet (none left: the job may be cancelled).
 */
export function release(jobId: string, items: string[], stored: string[]): string[] {
  const all = [...(released.get(jobId) ?? []), ...items];
  released.set(jobId, all);
  return stored.filter((s) => !all.some((r) => itemMatches(r, s)));
}
