/**
 * The live settings (knobs) and families. The same camelCase names are `startSimulator` options, the `/sim/config`
 * control API fields, and (in kebab-case) `cckm-sim` flags and `CCKM_SIM_*` environment variables; they are declared
 * once, in settings.ts, and this module derives the defaults and the patch check from there. The `Knobs` type is
 * spelled out in knobTypes.ts (checked against settings.ts), so that these typings, which are public, reach no zod.
 */
import { z } from "zod";
import type { FamilyKnobs, Knobs, Profile } from "./knobTypes";
import { issueText } from "./schema";
import { KNOB_SETTINGS, knobsWhere, type KnobName, type Setting, type SettingMeta } from "./settings";

export { PROFILES } from "./knobTypes";
export type { DetailedStatusMode, FailureMode, FamilyKnobs, Knobs, Profile } from "./knobTypes";

/** Families of sync/refresh jobs (reference section 5). */
export const SYNC_FAMILIES = [
  "dsm",
  "externalCm",
  "google",
  "azure",
  "aws",
  "oci",
  "sapGroups",
  // More families of CM's operations index (issue 21); see simulator/README.md, "More synchronization families".
  "azureCertificates",
  "azureSecrets",
  "awsCustomKeyStores",
  "lunaHsm",
  "sfdcCertificates",
  "sfdcTenantSecrets",
] as const;
export type SyncFamily = (typeof SYNC_FAMILIES)[number];
/** Every job family: the sync families plus SAP key jobs (section 6). */
export const FAMILIES = [...SYNC_FAMILIES, "sapKeys"] as const;
export type Family = (typeof FAMILIES)[number];

const KNOB_NAMES = Object.keys(KNOB_SETTINGS) as KnobName[];

/** The knobs of a profile: each knob's default, or its lenient value under `lenient`. */
export function profileKnobs(profile: Profile): Knobs {
  const value = (n: KnobName) => {
    const s = KNOB_SETTINGS[n] as Setting;
    return profile === "lenient" && "lenient" in s ? s.lenient : s.default;
  };
  const knobs = Object.fromEntries(KNOB_NAMES.map((n) => [n, value(n)])) as Omit<Knobs, "families">;
  return { ...knobs, profile, families: {} };
}

/** The defaults: the strict profile. */
export const DEFAULT_KNOBS: Knobs = profileKnobs("strict");

const entriesWhere = (keep: (meta: SettingMeta) => boolean) =>
  Object.fromEntries(knobsWhere(keep).map((n) => [n, KNOB_SETTINGS[n].type.schema.nullable().optional()]));

const familyPatch = z.strictObject(
  entriesWhere((m) => m.perFamily === true),
  { error: "expected an object" },
);
const familiesPatch = z.strictObject(Object.fromEntries(FAMILIES.map((f) => [f, familyPatch.nullable().optional()])), {
  error: "expected an object",
});
/** A `/sim/config` patch: any knob (null = back to its default) and `families` (replaced as a whole). */
const knobPatch = z.strictObject({
  ...entriesWhere((m) => m.familyOnly !== true),
  families: familiesPatch.nullable().optional(),
});

function patchError(error: z.ZodError): Error {
  const issue = error.issues[0];
  if (issue.code !== "unrecognized_keys") return new Error(issueText("", error));
  const key = issue.keys[0];
  const [, family] = issue.path.map(String);
  if (issue.path.length === 0) {
    const known = (KNOB_NAMES as string[]).includes(key);
    return new Error(known ? `${key}: set it per family (families.<family>.${key})` : `${key}: unknown knob`);
  }
  if (family === undefined) return new Error(`families.${key}: unknown family (one of ${FAMILIES.join(", ")})`);
  return new Error(`families.${family}.${key}: not a per-family knob`);
}

/**
 * Applies a patch (`{jobSeconds: 2, families: {google: {jobSeconds: 9}}}`) and returns new knobs. A shallow merge:
 * each knob named is replaced as a whole (so `failItems: {}` and `families: {}` clear), `null` puts a knob back to
 * its default. Throws on unknown names or bad values, naming them.
 */
export function applyKnobPatch(base: Knobs, patch: Record<string, unknown>): Knobs {
  const parsed = knobPatch.safeParse(patch);
  if (!parsed.success) throw patchError(parsed.error);
  let next: Knobs = { ...base, failItems: { ...base.failItems }, families: { ...base.families } };
  // A profile first puts every knob it governs to that profile's value; the rest of the patch goes on top.
  const profile = (parsed.data as Record<string, unknown>).profile as Profile | null | undefined;
  if (profile !== undefined) {
    const governed = profileKnobs(profile ?? "strict");
    next = { ...next, ...Object.fromEntries(knobsWhere((m) => "lenient" in m).map((n) => [n, governed[n]])) };
    next.profile = governed.profile;
  }
  const defaults = profileKnobs(next.profile);
  const values = next as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(parsed.data)) {
    if (value === undefined || name === "profile") continue;
    if (name !== "families") {
      values[name] = value === null ? defaults[name as KnobName] : value;
      continue;
    }
    next.families = {};
    for (const [family, fk] of Object.entries((value ?? {}) as Record<string, Record<string, unknown> | null>)) {
      if (!fk) continue;
      const set = Object.entries(fk).filter(([, v]) => v !== null && v !== undefined);
      next.families[family as Family] = Object.fromEntries(set) as FamilyKnobs;
    }
  }
  return next;
}

/** Resolves a per-family knob: family override, then the global knob. */
export function familyKnob<K extends keyof FamilyKnobs>(knobs: Knobs, family: Family, name: K): Knobs[K] {
  const fam = knobs.families[family];
  if (fam && fam[name] !== undefined) return fam[name] as Knobs[K];
  return knobs[name];
}
