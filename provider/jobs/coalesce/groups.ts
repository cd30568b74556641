// Coalesced jobs: creates of one family that arrive together (within the gathering window), or while CCKM refuses
// a start because a job of the family runs, share one job over the union of their scopes. A group is open until its
// POST is accepted: the first create of a family (the leader) waits the window, looks the family's jobs up once (a
// running job that covers a member's scope is that member's, as after an interrupted run), then starts one job for
// the rest through startOrAdopt, whose body is made anew for each POST, so that creates joining while CCKM refuses
// the start (the job of the family runs) are in the next one. Creates that joined after the accepted POST was sent
// start the next group at once. Only compatible requests share: the same kind, the same options (flags, the second
// list); `synchronizeAll` resources never join a group (they take the family's whole inventory) but their jobs cover
// any list, so a list resource adopts a running one.
import { CckmClient } from "../../client/client";
import { isApiError } from "../../client/errors";
import { isBusyRefusal } from "../../client/refusal";
import { Deadline } from "../../core/deadline";
import { JobKind, JobScope, ScopeOps } from "../../core/kind";
import { Props, RawJob } from "../../core/models";
import { isRunning, unreadable } from "../busy";
import { ResourceError } from "../errors";
import { Progress } from "../progress";
import { startOrAdopt } from "../start";

/** What a member of a group gets: the job it waits on, and with whom it shares it. */
export interface Joined {
  job: RawJob;
  adopted: boolean;
  /** The jobs the look-up listed (for the poll schedule's history), newest first. */
  seen: RawJob[];
  /** The labels of the resources that wait on this job (this one included). */
  sharedBy: string[];
}

interface Member {
  inputs: Props;
  scope: JobScope;
  deadline: Deadline;
  progress: Progress;
  settle: (r: Joined | "alone" | Error) => void;
}

interface Group {
  key: string;
  kind: JobKind;
  ops: ScopeOps;
  client: CckmClient;
  members: Member[];
  /** Members in the body of the last POST (the first `sent`). */
  sent?: number;
  /** The family's jobs as the group's look-up listed them, and the scope it asked for. */
  listed?: RawJob[];
  listedFor?: JobScope;
}

const open = new WeakMap<object, Map<string, Group>>();

function groupsOf(client: CckmClient): Map<string, Group> {
  let m = open.get(client.connection);
  if (!m) open.set(client.connection, (m = new Map()));
  return m;
}

/** Requests that may share a job: the same family and the same options. */
export function compatibilityKey(kind: JobKind, scope: JobScope): string {
  const flags = Object.keys(scope.flags)
    .sort()
    .map((k) => `${k}=${scope.flags[k]}`);
  return `${kind.jobsPath}|${flags.join(",")}|${[...scope.extra].sort().join(",")}`;
}

/** The union of the members' scopes (their options are the same: the compatibility key). */
export function unionScope(members: { scope: JobScope }[]): JobScope {
  const items = [...new Set(members.flatMap((m) => m.scope.items))].sort();
  const first = members[0]!.scope;
  return { all: false, items, extra: [...first.extra], flags: { ...first.flags } };
}

function coveringRunning(
  kind: JobKind,
  ops: ScopeOps,
  jobs: RawJob[],
  scope: JobScope,
  listedFor: JobScope,
): RawJob | undefined {
  return jobs.find((j) => isRunning(kind, j) && ops.covers(j, scope, listedFor));
}

/** The kind as the group's start sees it: its body is the members' union, and a job is ours if it covers it. */
function groupKind(g: Group): JobKind {
  const { kind, ops } = g;
  const sentScope = () => unionScope(g.members.slice(0, g.sent ?? g.members.length));
  let first = true;
  return {
    ...kind,
    startBody: () => {
      g.sent = g.members.length;
      return kind.startBody(ops.inputsOf(unionScope(g.members)));
    },
    findAdoptable: async (reader, _inputs, deadline) => {
      const scope = sentScope();
      // the group's own look-up came just before: the first search takes it (one list request, not two)
      const reuse = first && g.listed && g.listedFor;
      const list = reuse ? g.listed! : await ops.listFor(reader, scope, deadline);
      const listedFor = reuse ? g.listedFor! : scope;
      first = false;
      return list.filter((j) => ops.covers(j, scope, listedFor));
    },
    sameScope: (_inputs, job) => ops.covers(job, sentScope()),
  };
}

/**
 * Joins (or opens) the group of this request and resolves with the job it shares, or "alone" when CCKM refused
 * the merged body (e.g. an item it does not know): the caller then starts its own job as without sharing.
 */
export function join(
  kind: JobKind,
  client: CckmClient,
  inputs: Props,
  deadline: Deadline,
  progress: Progress,
  windowMs: number,
): Promise<Joined | "alone"> {
  const ops = kind.scopes!;
  const scope = ops.of(inputs);
  const groups = groupsOf(client);
  const key = compatibilityKey(kind, scope);
  return new Promise<Joined | "alone">((resolve, reject) => {
    const member: Member = {
      inputs,
      scope,
      deadline,
      progress,
      settle: (r) => (r instanceof Error ? reject(r) : resolve(r)),
    };
    const g = groups.get(key);
    if (g) {
      // the group has listed the family's jobs already: a running one over our scope is ours, as for the others
      const covering = g.listed && g.listedFor && coveringRunning(kind, ops, g.listed, scope, g.listedFor);
      if (covering) {
        say(member, covering, ops);
        return resolve({ job: covering, adopted: true, seen: g.listed!, sharedBy: [progress.label] });
      }
      g.members.push(member);
      return;
    }
    const fresh: Group = { key, kind, ops, client, members: [member] };
    groups.set(key, fresh);
    void lead(fresh, windowMs);
  });
}

async function lead(g: Group, windowMs: number): Promise<void> {
  const groups = groupsOf(g.client);
  const leader = g.members[0]!;
  const { kind, ops, client } = g;
  try {
    if (windowMs > 0) await leader.deadline.sleep(windowMs);
    let listed: RawJob[] = [];
    const listedFor = unionScope(g.members);
    try {
      listed = await ops.listFor(client, listedFor, leader.deadline);
    } catch (err) {
      if (!unreadable(err)) throw err;
      leader.progress.say(`cannot list ${kind.name} jobs to adopt a running one (${(err as Error).message})`);
    }
    g.listed = listed;
    g.listedFor = listedFor;
    // members whose scope a running job covers take it (after an interrupted run, its shared job)
    for (const m of [...g.members]) {
      const covering = coveringRunning(kind, ops, listed, m.scope, listedFor);
      if (!covering) continue;
      g.members.splice(g.members.indexOf(m), 1);
      say(m, covering, ops);
      m.settle({ job: covering, adopted: true, seen: listed, sharedBy: [m.progress.label] });
    }
    if (!g.members.length) {
      if (groups.get(g.key) === g) groups.delete(g.key);
      return;
    }
    const union = unionScope(g.members);
    const first = g.members[0]!;
    const started = await startOrAdopt(groupKind(g), client, ops.inputsOf(union), first.deadline, first.progress);
    // closed: the members of the POST that was accepted share the job; later ones open the next group
    if (groups.get(g.key) === g) groups.delete(g.key);
    const n = Math.min(g.sent ?? g.members.length, g.members.length);
    const included = g.members.slice(0, n);
    const rest = g.members.slice(n);
    const sharedBy = included.map((m) => m.progress.label);
    if (included.length > 1) {
      const names = sharedBy.map((l) => l.replace(/^\S+ /, "")).join(", ");
      for (const m of included) {
        m.progress.say(
          `CCKM job ${String(started.job.id)} ${started.adopted ? "(adopted)" : "started"} for ${included.length} ` +
            `resources of this family at once, one job over ${unionScope(included).items.length} items: ${names}`,
        );
      }
    }
    for (const m of included) m.settle({ job: started.job, adopted: started.adopted, seen: started.seen, sharedBy });
    if (rest.length) {
      const next: Group = { key: g.key, kind, ops, client, members: rest };
      const already = groups.get(g.key);
      if (already) already.members.push(...rest);
      else {
        groups.set(g.key, next);
        void lead(next, 0);
      }
    }
  } catch (err) {
    if (groups.get(g.key) === g) groups.delete(g.key);
    const refusedBody =
      g.members.length > 1 &&
      isApiError(err) &&
      err.status >= 400 &&
      err.status < 500 &&
      err.status !== 401 &&
      err.status !== 429 &&
      !isBusyRefusal(err);
    for (const m of g.members) {
      if (refusedBody) {
        m.progress.say(
          `CCKM refused the shared job over ${g.members.length} resources (${(err as Error).message}); ` +
            "starting this resource's own job",
        );
        m.settle("alone");
      } else if (m === leader || m === g.members[0]) m.settle(err as Error);
      else
        m.settle(
          new ResourceError(
            m.progress.label,
            new Error(`the shared start failed: ${(err as Error).message}`, { cause: err }),
          ),
        );
    }
  }
}

function say(m: Member, job: RawJob, ops: ScopeOps): void {
  const stored = ops.storedItems(job);
  const same = stored.length === m.scope.items.length;
  m.progress.say(
    same
      ? `adopting CCKM job ${String(job.id)}, already running over the same scope (no new job started)`
      : `adopting CCKM job ${String(job.id)}, already running over a scope that covers this one's ` +
          `(${stored.length} items; no new job started)`,
  );
}
