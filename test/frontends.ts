// Which front ends an engine suite runs through (issue 13 point 5: one suite, two front ends, so that neither
// drifts). The same generic program (resources from the `test:spec` stack config) registers each resource either
// through the dynamic classes of the TypeScript API (`pulumi-nodejs:dynamic/cckm:<Kind>`, the provider serialized
// into state) or as a `cckm:index:<Kind>` custom resource served by the `cckm` plugin of this checkout's bin/, named
// under `plugins: providers:` of the project's Pulumi.yaml as a user of any language names it. The native program
// declares each resource's outputs from the committed schema, as a generated SDK does, and passes the inputs through
// untouched, so the plugin's own check sees bad input exactly as a program of another language would send it.
// CCKM_TEST_FRONTENDS=dynamic (or native) runs one of them only.
import * as path from "path";
import { repoRoot, writeProgram } from "../scripts/engine";
import { askedIn, Profile, profiles } from "./profiles";

export type FrontEnd = (typeof FRONT_ENDS)[number];

const FRONT_ENDS = ["dynamic", "native"] as const;

export function frontEnds(env: NodeJS.ProcessEnv = process.env): FrontEnd[] {
  const asked = askedIn(env.CCKM_TEST_FRONTENDS, FRONT_ENDS);
  return asked.length ? asked : [...FRONT_ENDS];
}

/**
 * The (front end, simulator profile) pairs of a suite: every front end against the strict CM; for a representative
 * suite also the lenient CM, through the dynamic resources only (the profile tests the client, which both front ends
 * share; the front end tests the engine's semantics: their product would double the suite for nothing new). Every
 * pair when CCKM_TEST_PROFILES names the profiles.
 */
export function engineRuns(
  representative = false,
  env: NodeJS.ProcessEnv = process.env,
): { frontEnd: FrontEnd; profile: Profile }[] {
  return frontEnds(env).flatMap((frontEnd) =>
    profiles(representative, env)
      .filter((profile) => env.CCKM_TEST_PROFILES || profile === "strict" || frontEnd === "dynamic")
      .map((profile) => ({ frontEnd, profile })),
  );
}

/** The type token of a kind's resources in state. */
export function typeToken(fe: FrontEnd, kind: string): string {
  return fe === "dynamic" ? `pulumi-nodejs:dynamic/cckm:${kind}` : `cckm:index:${kind}`;
}

/** For suite titles. */
export function frontEndTitle(fe: FrontEnd): string {
  return fe === "dynamic" ? "dynamic resources" : "native provider";
}

/** The default provider's type in state (where the engine keeps the `cckm:*` config). */
export function providerType(fe: FrontEnd): string {
  return fe === "dynamic" ? "pulumi:providers:pulumi-nodejs" : "pulumi:providers:cckm";
}

/** The project's `plugins:` entry that makes the CLI run this checkout's plugin (empty for the dynamic one). */
export function pluginsYaml(fe: FrontEnd): string {
  if (fe === "dynamic") return "";
  return `plugins:\n  providers:\n    - name: cckm\n      path: ${JSON.stringify(path.join(repoRoot, "bin"))}\n`;
}

/**
 * The generic program: one resource per entry of `test:spec` ({ kind, args }); every output the resource declares
 * (and its id) is a stack output under the resource's name. "ref:<resource>.<output>" in args stands for another
 * resource's output (unknown at preview when that one changes); { "$secret": v } stands for pulumi.secret(v). An entry's
 * `opts` are its resource options (e.g. customTimeouts).
 */
export function genericProgram(fe: FrontEnd): string {
  const register =
    fe === "dynamic"
      ? `const cckm = require("pulumi-cckm");
const make = (kind, name, args, opts) => new cckm[kind](name, args, opts);
const outputsOf = (kind, res) => Object.keys(res).filter((k) => pulumi.Output.isInstance(res[k]) && k !== "urn");`
      : `const schema = require(${JSON.stringify(path.join(repoRoot, "sdk", "schema.json"))});
const declared = (kind) => Object.keys((schema.resources["cckm:index:" + kind] || { properties: {} }).properties);
// as a generated SDK does: every declared output not given as an input is registered as undefined (an output)
const make = (kind, name, args, opts) =>
  new pulumi.CustomResource("cckm:index:" + kind, name, {
    ...Object.fromEntries(declared(kind).map((k) => [k, undefined])),
    ...args,
  }, opts);
const outputsOf = (kind) => declared(kind);`;
  return `"use strict";
const pulumi = require("@pulumi/pulumi");
${register}
const spec = JSON.parse(new pulumi.Config("test").require("spec"));
const made = {};
const resolve = (v) =>
  typeof v === "string" && v.startsWith("ref:") ? made[v.slice(4).split(".")[0]][v.slice(4).split(".")[1]]
  : Array.isArray(v) ? v.map(resolve)
  : v && typeof v === "object" && "$secret" in v ? pulumi.secret(resolve(v.$secret)) : v;
for (const [name, r] of Object.entries(spec)) {
  const args = Object.fromEntries(Object.entries(r.args).map(([k, v]) => [k, resolve(v)]));
  const res = (made[name] = make(r.kind, name, args, r.opts));
  const out = { id: res.id };
  for (const k of outputsOf(r.kind, res)) if (res[k] !== undefined) out[k] = res[k];
  exports[name] = out;
}
`;
}

/** A scratch folder holding the generic program for front end `fe` (and its plugins entry), named `<name>-<fe>`. */
export function writeGenericProgram(name: string, fe: FrontEnd): string {
  return writeProgram({ name: `${name}-${fe}`, code: genericProgram(fe), projectYaml: pluginsYaml(fe) });
}
