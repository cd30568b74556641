// The scope rule of every sync (a job kind, and each cloud of SyncSchedule): a list or `synchronizeAll`. Matching a
// requested scope against a job's scope as CCKM stored it, and against the family's whole inventory.
import { isApiError } from "../client/errors";
import { Deadline } from "../core/deadline";
import { CheckFailure, checkBoolean, checkStringList, normalizeItem } from "../core/inputs";
import { ApiReader } from "../core/kind";
import { containsUnknown, Props, UNKNOWN } from "../core/models";
import { readList } from "./list";

/**
 * Whether a scope item as requested names the item as CCKM stored it: equal, or the last segment of a full
 * resource name (Google keeps `projects/.../keyRings/<ring>`), or either half of Azure's `<name>::<uuid>`.
 */
export function itemMatches(requested: string, stored: string): boolean {
  const r = normalizeItem(requested);
  const s = normalizeItem(stored);
  if (r === s) return true;
  if (s.endsWith(`/${r}`)) return true;
  if (s.includes("::")) return s.split("::").some((part) => normalizeItem(part) === r);
  return false;
}

/** Whether two scopes name the same items, each item of one matching one of the other. */
export function sameItems(requested: string[], stored: string[]): boolean {
  if (requested.length !== stored.length) return false;
  return (
    requested.every((r) => stored.some((s) => itemMatches(r, s))) &&
    stored.every((s) => requested.some((r) => itemMatches(r, s)))
  );
}

/**
 * A test "is this stored scope the family's whole inventory", from the inventory list (`GET`, e.g.
 * `/v1/cckm/google/key-rings`); undefined when CCKM does not list it all (refused, or more than the pages read).
 */
export async function scopeMatchesInventory(
  reader: ApiReader,
  path: string,
  deadline: Deadline,
): Promise<((stored: string[]) => boolean) | undefined> {
  let listing;
  try {
    listing = await readList(reader, path, {}, deadline);
  } catch (err) {
    if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 401) return undefined;
    throw err;
  }
  if (!listing.complete) return undefined;
  const items = listing.items;
  const everything = items.map((i) => [i.id, i.name].filter((v): v is string => typeof v === "string"));
  return (stored) =>
    stored.length === everything.length &&
    everything.every((names) => stored.some((s) => names.some((n) => itemMatches(n, s))));
}

/**
 * The one scope rule, with one set of messages: exactly one of the list and `synchronizeAll: true`; a second list
 * (AWS `regions`) only with the first. Returns the checked `synchronizeAll` and lists ([] when absent).
 */
export function checkScopeInputs(
  news: Props,
  names: { list: string; extra?: string },
  failures: CheckFailure[],
): Props {
  const out: Props = {};
  const all = checkBoolean("synchronizeAll", news.synchronizeAll, failures);
  const list = news[names.list];
  const hasList = list !== undefined && list !== null;
  if (all === true && hasList && !containsUnknown(list)) {
    failures.push({ property: names.list, reason: `give either ${names.list} or synchronizeAll: true, not both` });
  } else if (all !== true && all !== UNKNOWN && !hasList) {
    failures.push({
      property: names.list,
      reason: `is required unless synchronizeAll is true (give a list of ${names.list}, or synchronizeAll: true)`,
    });
  }
  out.synchronizeAll = all;
  out[names.list] = hasList ? checkStringList(names.list, list, failures) : [];
  if (names.extra) {
    const extra = news[names.extra];
    const given = extra !== undefined && extra !== null;
    if (given && all === true) {
      failures.push({ property: names.extra, reason: `applies to a ${names.list} list, not to synchronizeAll` });
    }
    out[names.extra] = given ? checkStringList(names.extra, extra, failures) : [];
  }
  return out;
}

/** Whether a stored scope holds every requested item (a job over more items covers a resource over fewer). */
export function coversItems(requested: string[], stored: string[]): boolean {
  return requested.length > 0 && requested.every((r) => stored.some((s) => itemMatches(r, s)));
}

/**
 * Whether a job from a list CCKM filtered by the one item asked for is that item's job, however CCKM stores the item
 * (a KMS or a SAP group named by name, stored by id): the list was filtered by it, and the job holds one item.
 */
export function matchedByFilter(filteredByItem: boolean, asked: readonly string[], stored: readonly string[]): boolean {
  return filteredByItem && asked.length === 1 && stored.length === 1;
}
