// The benchmark report writer: BENCHMARKS.md as written must pass `prettier --check .` without a manual
// `prettier --write` after each run.
import * as assert from "assert";
import * as path from "path";
import * as prettier from "prettier";
import { prettierMarkdown } from "../../bench/report/format";
import { renderMarkdown } from "../../bench/report/markdown";
import type { Results } from "../../bench/report/results";

/** A small run: machine, goals of uneven widths, a missing scenario, the poll schedule. */
const results: Results = {
  version: 1,
  startedAt: "2026-12-01T21:00:00Z",
  finishedAt: "2026-12-01T21:12:00Z",
  wallSeconds: 720,
  command: "npm run bench -- --quick",
  quick: true,
  scenarios: ["api", "overhead"],
  machine: {
    cpuModel: "Test CPU @ 2.0GHz",
    cores: 2,
    memoryGiB: 7.8,
    os: "Linux",
    kernel: "6.1.0",
    node: "v20.19.0",
    pulumiCli: "v3.248.0",
    pulumiSdk: "3.248.0",
    loadAverageStart: [1.5, 1.2, 0.9],
    loadAverageEnd: [2.25, 1.5, 1],
  },
  source: { commit: "0123456789abcdef0123456789abcdef01234567", uncommitted: ["provider/index.ts"] },
  pollSchedule: { rule: "age", initialMs: 300, factor: 1.1, maxMs: 15000, readTimes: [0.3, 0.6, 1, 1.5, 2.2, 3] },
  goals: [
    { id: "lag", goal: "lag <= 1 s for a 10 s job", measured: "0.55 s", pass: true },
    { id: "polls", goal: "polls", measured: "76 for a 10-minute job (median of 2)", pass: false, why: "a slow run" },
    { id: "state", goal: "state per resource <= 3 KB", measured: "n/a", pass: null },
  ],
  missing: [{ scenario: "scale", why: "not selected" }],
};

describe("benchmark report writer", () => {
  const file = path.resolve(__dirname, "..", "..", "BENCHMARKS.md");

  it("writes Markdown that prettier --check accepts with the repository's settings", async () => {
    const raw = renderMarkdown(results, "bench/results/lag.svg");
    const written = await prettierMarkdown(raw, file);
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    assert.ok(await prettier.check(written, options), "prettier --check would reject it:\n" + written);
    // the same text, only laid out: spaces and the length of table rules differ
    const text = (md: string) => md.replace(/\s+/g, "").replace(/-{3,}/g, "---");
    assert.strictEqual(text(written), text(raw));
    assert.notStrictEqual(written, raw, "the fixture's tables needed formatting (else this test proves nothing)");
  });
});
