#!/usr/bin/env node
/** The `cckm-sim` command: flags (util.parseArgs) and CCKM_SIM_* variables, both from the settings table. */
import { startSimulator } from "./index";
import { FAMILIES } from "./knobs";
import type { FaultRule, SimulatorOptions } from "./models";
import { check } from "./schema";
import { envName, helpLine, kebab, SETTINGS } from "./settings";
import { existsSync, readFileSync } from "fs";
import { parseArgs as parseCommandLine, type ParseArgsConfig } from "util";

export class UsageError extends Error {}

type NamedSetting = (typeof SETTINGS)[number];

/** The `--help` text, generated from the settings table. */
function helpText(): string {
  const lines = [
    "Usage: cckm-sim [options]",
    "",
    "An offline simulator of the Thales CipherTrust Manager CCKM job API (see simulator/README.md).",
    "Every option can also be given as an environment variable CCKM_SIM_<NAME> (e.g. CCKM_SIM_JOB_SECONDS=2).",
    `Per-family options take <family>=<value>; families: ${FAMILIES.join(", ")}.`,
    "",
    "Options:",
  ];
  for (const s of SETTINGS) {
    const flag = `--${kebab(s.name)}${s.arg ? ` <${s.arg}>` : ""}`;
    lines.push(`  ${flag.padEnd(38)} ${helpLine(s)}`);
  }
  lines.push(`  ${"--quiet".padEnd(38)} print only the listening line`);
  lines.push(`  ${"-h, --help".padEnd(38)} print this help`);
  return lines.join("\n");
}

/** A setting's value written as text, checked by the setting's schema; errors name the setting. */
function fromText(s: NamedSetting, raw: string): unknown {
  let value: unknown;
  try {
    value = s.type.fromText(raw);
  } catch (err) {
    throw new Error(`${s.name}: ${(err as Error).message}`);
  }
  return check(s.type.schema, value, s.name);
}

function setValue(options: Record<string, unknown>, s: NamedSetting, raw: string, where: string): void {
  try {
    if (s.perFamily) {
      const eq = raw.indexOf("=");
      const family = eq > 0 ? raw.slice(0, eq) : "";
      if ((FAMILIES as readonly string[]).includes(family)) {
        const families = (options.families ??= {}) as Record<string, Record<string, unknown>>;
        (families[family] ??= {})[s.name] = fromText(s, raw.slice(eq + 1));
        return;
      }
      if (s.familyOnly) throw new Error(`${s.name}: expected <family>=<value> (families: ${FAMILIES.join(", ")})`);
    }
    const value = fromText(s, raw);
    if (s.repeatable) options[s.name] = { ...((options[s.name] as object) ?? {}), ...(value as object) };
    else options[s.name] = value;
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message}`);
  }
}

/** The `util.parseArgs` option table: every setting by its kebab-case name, each flag may repeat (the last wins). */
const FLAG_OPTIONS: ParseArgsConfig["options"] = {
  ...Object.fromEntries(SETTINGS.map((s) => [kebab(s.name), { type: s.type.flag, multiple: true }])),
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

/** Flags over environment over defaults. Returns undefined for --help. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SimulatorOptions | undefined {
  const options: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const raw = env[envName(s.name)];
    if (raw !== undefined && raw !== "") setValue(options, s, raw, envName(s.name));
  }
  // Not strict: the tokens keep `--http=false` and let unknown flags be named the way they were written.
  const { tokens } = parseCommandLine({ args: argv, options: FLAG_OPTIONS, strict: false, tokens: true });
  const fromFlags: Record<string, unknown> = {};
  for (const token of tokens) {
    if (token.kind === "positional") throw new UsageError(`unknown option ${token.value} (see --help)`);
    if (token.kind !== "option") continue;
    if (token.name === "help") return undefined;
    if (token.name === "quiet") {
      fromFlags.quiet = true;
      continue;
    }
    const s = SETTINGS.find((x) => kebab(x.name) === token.name);
    if (!s) throw new UsageError(`unknown option ${token.rawName} (see --help)`);
    const raw = token.value ?? (s.type.flag === "boolean" ? "true" : undefined);
    if (raw === undefined) throw new UsageError(`${token.rawName} needs a value`);
    setValue(fromFlags, s, raw, token.rawName);
  }
  const families = { ...(options.families as object), ...(fromFlags.families as object) };
  Object.assign(options, fromFlags);
  if (Object.keys(families).length > 0) options.families = families;
  const faults = options.faults as string | undefined;
  if (faults !== undefined) {
    if (/^\s*[\d.]+\s*$/.test(faults)) options.faults = Number(faults);
    else if (existsSync(faults)) {
      try {
        options.faults = JSON.parse(readFileSync(faults, "utf8")) as FaultRule[];
      } catch (err) {
        throw new UsageError(`--faults ${faults}: ${(err as Error).message}`);
      }
    } else throw new UsageError(`--faults: expected a probability or a JSON file of rules, got ${faults}`);
  }
  return options as SimulatorOptions;
}

async function main(): Promise<void> {
  let options: SimulatorOptions | undefined;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`cckm-sim: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (!options) {
    process.stdout.write(helpText() + "\n");
    return;
  }
  const quiet = options.quiet === true;
  let sim;
  try {
    sim = await startSimulator({ ...options, quiet: true });
  } catch (err) {
    process.stderr.write(`cckm-sim: ${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`cckm-sim listening on ${sim.url}\n`);
  if (!quiet) {
    const defaultLogin = options.password === undefined;
    process.stdout.write(
      defaultLogin
        ? `login: ${sim.username} / admin (the CipherTrust Manager defaults)\n`
        : `login: ${sim.username} / (the password given)\n`,
    );
    if (options.caOut && sim.caCert) process.stdout.write(`CA certificate written to ${options.caOut}\n`);
    else if (sim.caCert) process.stdout.write(`CA certificate: GET ${sim.url}/sim/ca (or use --ca-out <file>)\n`);
    if (sim.nodeUrls.length > 1) {
      process.stdout.write(`load balancer: ${sim.url} (round robin over the live nodes)\n`);
      sim.nodeUrls.forEach((u, i) => process.stdout.write(`node ${i}: ${u}\n`));
    }
    process.stdout.write(`control API: ${sim.url}/sim/ (config, faults, reset, counters, log, jobs, tokens, nodes)\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!quiet) process.stdout.write(`cckm-sim: ${signal}, stopping\n`);
    void sim.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) void main();
