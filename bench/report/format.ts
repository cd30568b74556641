// Number and table formatting shared by the report's Markdown modules.
import type { Figure } from "../lib/stats";

export const sec = (ms: number, d = 2) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(d)} s` : "n/a");
export const num = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
export const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "n/a");
export const mark = (p: boolean | null) => (p === null ? "not measured" : p ? "**pass**" : "**miss**");
export const spread = (f: Figure, fmt: (x: number) => string) =>
  f.samples.length > 1 ? `${fmt(f.median)} (${fmt(f.min)}-${fmt(f.max)})` : fmt(f.median);

export function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
