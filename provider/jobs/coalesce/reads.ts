// Reads of a job that several resources wait on: the resources' schedules are the same and start together, so their
// reads come at the same moments; one request serves all the reads that ask within FRESH_MS of it.
import { CckmClient } from "../../client/client";
import { Deadline } from "../../core/deadline";

const FRESH_MS = 200;
const recent = new WeakMap<object, Map<string, { at: number; answer: Promise<unknown> }>>();

export function sharedRead<T>(client: CckmClient, path: string, deadline: Deadline): Promise<T> {
  let byPath = recent.get(client.connection);
  if (!byPath) recent.set(client.connection, (byPath = new Map()));
  const now = Date.now();
  const hit = byPath.get(path);
  if (hit && now - hit.at < FRESH_MS) return hit.answer as Promise<T>;
  const answer = client.get<T>(path, undefined, deadline);
  const entry = { at: now, answer };
  byPath.set(path, entry);
  answer
    .catch(() => undefined)
    .finally(() => {
      // keep the map small: an entry is of use for FRESH_MS only
      setTimeout(() => byPath.get(path) === entry && byPath.delete(path), FRESH_MS).unref?.();
    });
  return answer;
}
