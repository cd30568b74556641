// Number and table formatting shared by the report's Markdown modules.
import * as prettier from "prettier";
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

/**
 * The report as prettier formats it with the repository's settings for `filePath` (.prettierrc), so that
 * `prettier --check .` accepts the written file: the tables above are plain `| a | b |` rows, and prettier pads every
 * column to its widest cell. Doing that here rather than by hand keeps the two from ever disagreeing.
 */
export async function prettierMarkdown(markdown: string, filePath: string): Promise<string> {
  const config = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(markdown, { ...config, filepath: filePath, parser: "markdown" });
}
