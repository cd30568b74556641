// Whether resources of one family may share a job (on by default), and how long the first create of a family waits
// for others to arrive before it starts one.
import { Context } from "../context";

/** The stack config key of the setting (both front ends read it from `configure`). */
export const COALESCE_CONFIG = "cckm:coalesce";

/** `cckm:coalesce` (stack config), else `CIPHERTRUST_COALESCE`: false/0/no/off turns sharing off. @default true */
export function coalescing(ctx: Context): boolean {
  const fromConfig = ctx.config[COALESCE_CONFIG];
  const v = fromConfig ?? (ctx.env ?? process.env).CIPHERTRUST_COALESCE;
  return !/^(false|0|no|off)$/i.test(String(v ?? "").trim());
}

/**
 * The gathering window: the engine sends the creates of resources registered together within a few milliseconds
 * of each other (a few hundred on a loaded machine, the dynamic provider loading its code first), so 250 ms catches
 * a program's burst while adding a quarter second to a job that lasts seconds to minutes. Creates that come later
 * still share: on a CM that refuses a second job they join the start that waits for the running one.
 * CCKM_COALESCE_WINDOW_MS overrides it (tests).
 */
export function gatherWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.CCKM_COALESCE_WINDOW_MS);
  return Number.isFinite(v) && v >= 0 && env.CCKM_COALESCE_WINDOW_MS !== "" && env.CCKM_COALESCE_WINDOW_MS !== undefined
    ? v
    : 250;
}
