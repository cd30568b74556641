// The BENCHMARKS.md sections on many resources (under the lenient and the strict simulator profile) and on the two
// front ends side by side (the dynamic resources from TypeScript, the native plugin from Pulumi YAML).
import { FRONT_END_LABELS } from "../lib/frontends";
import type { Figure } from "../lib/stats";
import type { OverheadResult } from "../scenarios/overhead";
import type { ScaleCell, ScaleResult } from "../scenarios/scale";
import { num, ratio, sec, spread, table } from "./format";
import type { Results } from "./results";

function scaleTable(sc: ScaleResult): string[] {
  const providerRole = sc.frontEnd === "native" ? "`pulumi-resource-cckm`" : "`dynamic-provider`";
  return [
    table(
      [
        "resources",
        "--parallel",
        "wall",
        "ratio to one",
        `provider process (${providerRole}) peak RSS`,
        "program peak RSS",
        "token grants",
        "jobs",
        "API requests",
        "simulator req/s (p99 answer)",
        "jobs: first start to last end",
        "jobs at once (max)",
        "refused starts",
      ],
      sc.cells.map((c) => [
        String(c.count),
        c.count === 1 ? `${c.parallel} (any)` : `${c.parallel}${c.setting === "default" ? " (default)" : ""}`,
        spread(c.wallMs, (x) => sec(x, 1)),
        c.count === 1 ? "1" : spread(c.ratioToOne, ratio),
        spread(c.providerPeakMiB, (x) => `${num(x)} MiB`),
        spread(c.programPeakMiB, (x) => `${num(x)} MiB`),
        num(c.tokenGrants.median),
        num(c.jobsCreated.median),
        num(c.requests.median),
        `${num(c.simRequestsPerSecond.median, 1)} (${num(c.simAnswerMsP99.median, 1)} ms)`,
        // results from before these columns have none
        c.jobsSpanMs ? spread(c.jobsSpanMs, (x) => sec(x, 1)) : "n/a",
        c.maxConcurrentJobs ? num(c.maxConcurrentJobs.median) : "n/a",
        c.refusedStarts ? num(c.refusedStarts.median) : "n/a",
      ]),
    ),
    "",
    ...(sc.errors.length ? ["Failed runs:", "", ...sc.errors.map((e) => "- `" + e.split("\n")[0] + "`"), ""] : []),
  ];
}

export function scaleSections(r: Results): string[] {
  const out: string[] = [];
  const sc = r.scale;
  const strict = r.scaleStrict;
  if (!sc && !strict) return out;
  out.push("## Many resources in one `pulumi up`", "");
  const any = (sc ?? strict)!;
  out.push(
    `DsmDomainRefresh resources over distinct domains (${any.spread}), jobs of ${any.jobSeconds} s, ` +
      "`pulumi up --yes` (with its preview) on a fresh stack each time, the dynamic resources from a TypeScript " +
      `program; the CLI's default \`--parallel\` is ${any.defaultParallel} on this machine (\`pulumi up --help\`). ` +
      "Ratios are to the one-resource up of the same repetition.",
    "",
  );
  if (sc) {
    out.push(
      `### Simulator profile \`${sc.profile}\`: the jobs of one family run at once`,
      "",
      "The CLI's default is 4 x the CPU count (pulumi/pulumi#15016), so on a small CI runner a wide program's jobs " +
        "wait in waves of that many. `pulumi up --parallel N` (or `PULUMI_PARALLEL=N` in the environment, which " +
        "CLI 3.248 honours) with N at least the number of CCKM job resources lets every job run at once; the " +
        "provider shares one connection and one token among them.",
      "",
      ...scaleTable(sc),
      "Peak RSS is the kernel's high-water mark (VmHWM in /proc/<pid>/status) of the provider's Node process " +
        "and of the program's process, sampled every 100 ms while the up runs (the preview's provider process " +
        "included: the larger one counts).",
      "",
    );
  }
  if (strict) {
    const many = strict.cells.filter((c) => c.count > 1).sort((a, b) => b.count - a.count)[0];
    const one = strict.cells.find((c) => c.count === 1);
    // from the simulator's job times, not the wall: the engine's own time is noisy on a shared machine
    const perResource =
      many?.jobsSpanMs && one?.jobsSpanMs ? (many.jobsSpanMs.median - one.jobsSpanMs.median) / (many.count - 1) : NaN;
    const serial = many?.maxConcurrentJobs?.median;
    out.push(
      `### Simulator profile \`${strict.profile}\` (its default): one sync per family at a time`,
      "",
      "The simulator refuses a second job of a family while one runs, as a real CipherTrust Manager is documented to " +
        "refuse a second synchronization; the provider waits each refused start out and starts its own job after. " +
        `All the resources here are of one family, so they can only run one after another, whatever \`--parallel\` ` +
        `says (${strict.highParallel} here)` +
        (serial === undefined
          ? "."
          : serial <= 1
            ? `: measured, at most ${serial} job ran at a time.`
            : `; measured: up to ${num(serial)} jobs ran at once (the refusal did not serialise them).`),
      "",
      ...scaleTable(strict),
    );
    if (Number.isFinite(perResource) && one)
      out.push(
        `Each further resource of the family adds ${sec(perResource, 1)} to the jobs' span (its ${strict.jobSeconds} s ` +
          "job and the wait to notice the previous one's end and start again): 100 resources of one family would take " +
          `about ${sec(one.wallMs.median + 99 * perResource, 0)} (one resource's wall plus 99 of those), where the ` +
          "lenient profile runs them in about the time of one.",
        "",
      );
    if (strict.listed)
      out.push(
        `One resource listing all ${strict.listed.scopeItems} domains (one job over them): ` +
          `${spread(strict.listed.wallMs, (x) => sec(x, 1))}, ${spread(strict.listed.ratioToOne, ratio)} one resource, ` +
          `${num(strict.listed.jobsCreated.median)} job.`,
        "",
      );
    out.push(
      "What it means for users: on a CM that runs one synchronization per family at a time, a stack's wall time grows " +
        "with the number of job resources of the same family, not with `--parallel`. Keep a stack fast by giving each " +
        "family one resource with a list of scope items where they belong together (one job), and order resources " +
        "with `dependsOn` where they must run in turn; resources of different families still run at once (README: " +
        "A CM that runs one sync per family at a time).",
      "",
    );
  }
  return out;
}

const medianOf = (f: Figure | undefined, fmt: (x: number) => string) => (f ? spread(f, fmt) : "not measured");

function overheadRow(o: OverheadResult | undefined, args: string): string {
  const m = o?.modes.find((md) => md.args.join(" ") === args);
  return m
    ? `${sec(m.overheadMs.median)} (${sec(m.emptyMs.median)} empty, ${sec(m.instantMs.median)} one job)`
    : "not measured";
}

function scaleRow(sc: ScaleResult | undefined, setting: "default" | "high"): string {
  const c: ScaleCell | undefined = sc?.cells.find((x) => x.count === 100 && x.setting === setting);
  return c
    ? `${sec(c.wallMs.median, 1)}, ${ratio(c.ratioToOne.median)} one resource, provider ${num(c.providerPeakMiB.median)} MiB`
    : "not measured";
}

/** The two front ends side by side (figures of the same run). */
export function frontEndSections(r: Results): string[] {
  if (!r.nativeScale && !r.nativeOverhead && !(r.api?.native && "bytesPerResource" in r.api.native)) return [];
  const a = r.api;
  const dynState =
    a?.consumer && "bytesPerResource" in a.consumer
      ? `${a.consumer.bytesPerResource[0]} B (${a.consumer.compactBytesPerResource[0]} B minified)`
      : "not measured";
  const natState =
    a?.native && "bytesPerResource" in a.native
      ? `${a.native.bytesPerResource[0]} B (${a.native.compactBytesPerResource[0]} B minified)`
      : "not measured";
  const dflt = r.nativeScale?.defaultParallel ?? r.scale?.defaultParallel;
  const high = r.nativeScale?.highParallel ?? r.scale?.highParallel;
  return [
    "## The two front ends side by side",
    "",
    `The ${FRONT_END_LABELS.dynamic} and the ${FRONT_END_LABELS.native}: the plugin runs from the package as \`npm pack\` ` +
      "makes it, unpacked outside this repository, named under `plugins: providers:` of the YAML program's " +
      "Pulumi.yaml, and driven by the YAML language host (`pulumi-language-yaml`, built by scripts/toolchain.ts). " +
      "Same simulator settings (profile lenient), same CLI, same run; the overhead is over an empty program of the " +
      "same language.",
    "",
    table(
      ["", "dynamic resources (TypeScript)", "native plugin (YAML)"],
      [
        ["state per resource (consumer install, as exported)", dynState, natState],
        [
          "overhead of one instant job, `pulumi up --yes`",
          overheadRow(r.overhead, "up --yes"),
          overheadRow(r.nativeOverhead, "up --yes"),
        ],
        [
          "overhead of one instant job, `pulumi up --yes --skip-preview`",
          overheadRow(r.overhead, "up --yes --skip-preview"),
          overheadRow(r.nativeOverhead, "up --yes --skip-preview"),
        ],
        [
          `100 resources of 5 s jobs, \`--parallel ${high}\``,
          scaleRow(r.scale, "high"),
          scaleRow(r.nativeScale, "high"),
        ],
        [
          `100 resources of 5 s jobs, \`--parallel ${dflt}\` (the CLI default)`,
          scaleRow(r.scale, "default"),
          scaleRow(r.nativeScale, "default"),
        ],
        [
          "one resource, 5 s job (the ratios' reference)",
          medianOf(r.scale?.cells.find((c) => c.count === 1)?.wallMs, (x) => sec(x, 1)),
          medianOf(r.nativeScale?.cells.find((c) => c.count === 1)?.wallMs, (x) => sec(x, 1)),
        ],
      ],
    ),
    "",
    ...(r.nativeScale ? ["Native plugin, every variant:", "", ...scaleTable(r.nativeScale)] : []),
    ...(r.nativeOverhead?.errors.length
      ? ["Failed native overhead runs:", "", ...r.nativeOverhead.errors.map((e) => "- `" + e.split("\n")[0] + "`"), ""]
      : []),
  ];
}
