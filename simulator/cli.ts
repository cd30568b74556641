#!/usr/bin/env node
/** The `cckm-sim` command: flags and CCKM_SIM_* environment variables from the one vocabulary in knobs.ts. */
import { startSimulator } from "./index";
import { FAMILIES, SETTINGS, envName, kebab, parseValue, type SettingSpec } from "./knobs";
import type { FaultRule, SimulatorOptions } from "./models";
import { existsSync, readFileSync } from "fs";

export class UsageError extends Error {}

/** The `--help` text, generated from `SETTINGS`. */
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
    lines.push(`  ${flag.padEnd(34)} ${s.help}${s.repeatable ? " (repeatable)" : ""}`);
  }
  lines.push(`  ${"--quiet".padEnd(34)} print only the listening line`);
  lines.push(`  ${"--help".padEnd(34)} print this help`);
  return lines.join("\n");
}

function setValue(options: Record<string, unknown>, spec: SettingSpec, raw: string, where: string): void {
  try {
    if (spec.perFamily) {
      const eq = raw.indexOf("=");
      const family = eq > 0 ? raw.slice(0, eq) : "";
      if ((FAMILIES as readonly string[]).includes(family)) {
        const families = (options.families ??= {}) as Record<string, Record<string, unknown>>;
        (families[family] ??= {})[spec.name] = parseValue(spec, raw.slice(eq + 1));
        return;
      }
      if (spec.familyOnly)
        throw new Error(`${spec.name}: expected <family>=<value> (families: ${FAMILIES.join(", ")})`);
    }
    const value = parseValue(spec, raw);
    if (spec.type === "map") options[spec.name] = { ...((options[spec.name] as object) ?? {}), ...(value as object) };
    else options[spec.name] = value;
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message}`);
  }
}

/** Flags over environment over defaults. Returns undefined for --help. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SimulatorOptions | undefined {
  const options: Record<string, unknown> = {};
  for (const spec of SETTINGS) {
    const raw = env[envName(spec.name)];
    if (raw !== undefined && raw !== "") setValue(options, spec, raw, envName(spec.name));
  }
  const fromFlags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return undefined;
    if (arg === "--quiet") {
      fromFlags.quiet = true;
      continue;
    }
    const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const spec = m ? SETTINGS.find((s) => kebab(s.name) === m[1]) : undefined;
    if (!m || !spec) throw new UsageError(`unknown option ${arg} (see --help)`);
    let raw = m[2];
    if (raw === undefined) {
      if (spec.type === "bool") raw = "true";
      else {
        raw = argv[++i];
        if (raw === undefined) throw new UsageError(`--${m[1]} needs a value`);
      }
    }
    setValue(fromFlags, spec, raw, `--${m[1]}`);
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
    process.stdout.write(`control API: ${sim.url}/sim/ (config, faults, reset, counters, log, jobs, tokens)\n`);
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
