// A resource's own part of a job that it shares with others: the job object as that resource sees it, with only its
// own items in `detailed_status`, so that its outputs hold its own results and it fails only on its own failing
// items. A job over exactly the resource's scope (its own) is seen as it is.
import { JobKind, JobScope, ScopeOps } from "../../core/kind";
import { Props, RawJob } from "../../core/models";
import { itemFailures, itemOutcome, normalizeStatus } from "../../core/status";
import { itemMatches, sameItems } from "../../kinds/scope";

const FAILED = new Set(["failed", "error"]);

/** The job restricted to the items of `scope` (unchanged when the job is the scope's own or cannot be split). */
export function ownPart(ops: ScopeOps, scope: JobScope, job: RawJob): RawJob {
  if (scope.all) return job;
  const stored = ops.storedItems(job);
  if (job.synchronize_all !== true && sameItems(scope.items, stored)) return job;
  const detailed = job.detailed_status;
  if (!detailed || typeof detailed !== "object" || Array.isArray(detailed)) return job;
  const own = Object.entries(detailed as Record<string, unknown>).filter(([k]) =>
    scope.items.some((r) => itemMatches(r, k)),
  );
  // no key names one of our items (a form CCKM does not store, or no detail yet): the whole job speaks for us
  if (!own.length) return job;
  const part: RawJob = { ...job, detailed_status: Object.fromEntries(own) };
  // a job that failed as a whole because of other resources' items: ours, all ended without an error, completed
  if (FAILED.has(normalizeStatus(job.overall_status)) && own.length >= scope.items.length) {
    const ours = Object.fromEntries(own);
    const stillRunning = own.some(([, v]) => itemOutcome(v) === "running");
    if (!stillRunning && itemFailures(ours).length === 0) part.overall_status = "completed";
  }
  return part;
}

/** The kind as a resource with these inputs sees its jobs: snapshots and outputs of its own part. */
export function ownView(kind: JobKind, inputs: Props): JobKind {
  const ops = kind.scopes;
  if (!ops) return kind;
  const scope = ops.of(inputs);
  if (scope.all) return kind;
  const part = (job: RawJob) => ownPart(ops, scope, job);
  return {
    ...kind,
    snapshot: (job) => kind.snapshot(part(job)),
    outputValues: (job) => kind.outputValues(part(job)),
  };
}
