// The pure half of the job engine: the context type, check (validate and normalize inputs) and diff (what a
// change means). No API call here: `pulumi preview` works offline and fails on bad input, naming the property.
import { CckmClient } from "../client/client";
import { Clock } from "../client/tokens";
import { JobKind } from "../kinds/types";
import { checkKnownNames, CheckFailure, checkTimeout, checkTriggers } from "./inputs";
import { containsUnknown, DEFAULT_TIMEOUT_SECONDS, phaseOfStatus, Props } from "./models";
import { PollSchedule } from "./poller";
import { Logger } from "./progress";

export interface Context {
  /** The client of the configured connection (settings read now, in the provider process). */
  client(): CckmClient;
  /** Connection settings problems, reported by check (no request made). */
  checkSettings(): CheckFailure | undefined;
  clock: Clock;
  log: Logger;
  schedule?: PollSchedule;
}

export const COMMON_INPUTS = ["triggers", "timeoutSeconds"];

/** Drops undefined values (the engine refuses them in outputs). */
export function clean(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** JSON with sorted keys, for comparing values. */
export function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function check(kind: JobKind, ctx: Context, news: Props): { inputs: Props; failures: CheckFailure[] } {
  const failures: CheckFailure[] = [];
  checkKnownNames(news, [...kind.inputNames, ...COMMON_INPUTS], failures);
  const inputs: Props = {
    ...kind.normalize(news, failures),
    triggers: checkTriggers(news.triggers, failures),
    timeoutSeconds: checkTimeout(news.timeoutSeconds, failures),
  };
  if (news.__cckmName !== undefined) inputs.__cckmName = news.__cckmName;
  const settings = ctx.checkSettings();
  if (settings) failures.push(settings);
  return { inputs: clean(inputs), failures };
}

export function diff(
  kind: JobKind,
  olds: Props,
  news: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  // normalizing the old values fills defaults that an older state may lack, so they do not read as changes
  const old: Props = {
    ...kind.normalize(olds, []),
    triggers: olds.triggers ?? [],
    timeoutSeconds: olds.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
  };
  const replaces = [...kind.replaceOnChange, "triggers"].filter(
    (k) => containsUnknown(news[k]) || stable(old[k]) !== stable(news[k]),
  );
  const updated = ["timeoutSeconds", ...kind.inputNames.filter((k) => !kind.replaceOnChange.includes(k))].some(
    (k) => containsUnknown(news[k]) || stable(old[k]) !== stable(news[k]),
  );
  // a job that did not complete (failed, cancelled, timed out) is continued by update
  const unfinished = phaseOfStatus(olds.status) !== "succeeded";
  const codeChanged =
    olds.__provider !== undefined && news.__provider !== undefined && olds.__provider !== news.__provider;
  return { changes: replaces.length > 0 || updated || unfinished || codeChanged, replaces, deleteBeforeReplace: false };
}
