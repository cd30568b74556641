// The Pareto section: lag and reads per job of the provider (with and without a history of the scope) against fixed
// pollers, per job length and duration spread, with the two checks the issue asks for.
import type { ParetoResult, ParetoRun, ParetoWaiter } from "../scenarios/pareto";
import { PARETO_LABELS, PARETO_WAITERS } from "../scenarios/pareto";

const s2 = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const FIXED: ParetoWaiter[] = ["fixed1", "fixed2", "fixed5", "fixed10", "fixed20"];

/** Fixed pollers that notice the end sooner (median lag) with no more reads (median) than `ours`. */
export function dominating(run: ParetoRun, d: string, ours: ParetoWaiter): ParetoWaiter[] {
  const cells = run.cells[d];
  const o = cells?.[ours];
  if (!cells || !o) return [];
  return FIXED.filter((w) => {
    const c = cells[w];
    return c !== undefined && c.lagMs.median < o.lagMs.median && c.reads.median <= o.reads.median;
  });
}

function table(r: ParetoResult, run: ParetoRun): string[] {
  const head = ["job", ...PARETO_WAITERS.map((w) => PARETO_LABELS[w]), "beaten by (history)", "history lag goal"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const d of r.durations) {
    const cells = run.cells[String(d)];
    if (!cells) continue;
    const row = PARETO_WAITERS.map((w) => {
      const c = cells[w];
      return c ? `${s2(c.lagMs.median)} / ${c.reads.median}` : "n/a";
    });
    const beaten = dominating(run, String(d), "history");
    const goal = Math.max(500, d * 10);
    const lag = cells.history?.lagMs.median ?? NaN;
    lines.push(
      `| ${d} s | ${row.join(" | ")} | ${beaten.length ? beaten.map((w) => PARETO_LABELS[w]).join(", ") : "none"} | ` +
        `${lag <= goal ? "**pass**" : "**miss**"} (<= ${s2(goal)}) |`,
    );
  }
  return lines;
}

export function paretoMarkdown(r: ParetoResult | undefined): string {
  if (!r) return "";
  const out = [
    "## Polling against fixed pollers (Pareto)",
    "",
    `Median lag (job end -> the wait returns) / median status reads per job, ${r.samples} jobs per cell, every waiter ` +
      'side by side on one simulator (lenient), each job over its own DSM domain. "With history": ' +
      `${5} ended jobs over the same domain stand in CM's list before the measured one (the adoption look-up lists ` +
      'them: no extra request); "no history": none (the age-proportional schedule). The fixed pollers are the same ' +
      "engine with a fixed schedule. Jobs of 60 s and more run on a warped clock shared by the simulator and the " +
      "engine (K times real time, K = duration / 30 s: request times count K times, against every waiter alike). " +
      '"Beaten by": a fixed poller with a smaller lag and no more reads than ours (none is the goal).',
    "",
  ];
  for (const run of r.runs) {
    out.push(
      run.spread === 0
        ? "### Every job of a scope lasts the same"
        : `### Durations spread +-${Math.round(run.spread * 100)} % (history and measured job alike)`,
      "",
      ...table(r, run),
      "",
    );
  }
  if (r.errors.length) out.push(`Errors: ${r.errors.join("; ")}`, "");
  return out.join("\n");
}
