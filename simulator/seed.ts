/** Loading and checking inventory seeds (reference section 8). */
import { readFileSync } from "fs";
import defaultSeedJson from "./seed/default.json";
import type { InventoryItem, InventoryKind, Seed } from "./models";

export const INVENTORY_KINDS: readonly InventoryKind[] = [
  "dsmDomains",
  "externalCmDomains",
  "googleKeyRings",
  "azureVaults",
  "awsKms",
  "ociVaults",
  "sapGroups",
  "sapKeys",
  "lunaPartitions",
  "sfdcOrganizations",
];

/** The built-in seed (simulator/seed/default.json), a fresh copy each call. */
export function defaultSeed(): Seed {
  return JSON.parse(JSON.stringify(defaultSeedJson)) as Seed;
}

/** A seed object, or the path of a JSON file holding one; checked, with errors naming the bad entry. */
export function loadSeed(seed: Seed | string | undefined): Seed {
  if (seed === undefined) return defaultSeed();
  let raw: unknown = seed;
  if (typeof seed === "string") {
    try {
      raw = JSON.parse(readFileSync(seed, "utf8"));
    } catch (err) {
      throw new Error(`seed ${seed}: ${(err as Error).message}`);
    }
  }
  return validateSeed(JSON.parse(JSON.stringify(raw)));
}

export function validateSeed(raw: unknown): Seed {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error("seed: expected a JSON object");
  const seed = raw as Record<string, unknown>;
  for (const key of Object.keys(seed)) {
    if (!(INVENTORY_KINDS as readonly string[]).includes(key)) {
      throw new Error(`seed.${key}: unknown collection (one of ${INVENTORY_KINDS.join(", ")})`);
    }
    const list = seed[key];
    if (!Array.isArray(list)) throw new Error(`seed.${key}: expected an array`);
    const ids = new Set<string>();
    list.forEach((item: unknown, i) => {
      const where = `seed.${key}[${i}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item))
        throw new Error(`${where}: expected an object`);
      const it = item as InventoryItem;
      if (typeof it.id !== "string" || !it.id) throw new Error(`${where}.id: expected a non-empty string`);
      if (typeof it.name !== "string" || !it.name) throw new Error(`${where}.name: expected a non-empty string`);
      if (ids.has(it.id)) throw new Error(`${where}.id: duplicate id ${it.id}`);
      ids.add(it.id);
      if (key === "awsKms" && it.regions !== undefined && !isStringArray(it.regions)) {
        throw new Error(`${where}.regions: expected an array of strings`);
      }
      if (key === "sapKeys") {
        const p = it.sap_param as Record<string, unknown> | undefined;
        if (!p || typeof p.groupId !== "string" || typeof p.sap_key_id !== "string") {
          throw new Error(`${where}.sap_param: needs groupId and sap_key_id strings`);
        }
        it.gone = it.gone === true;
        it.backup = it.backup === true;
      }
    });
  }
  return seed as Seed;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}
