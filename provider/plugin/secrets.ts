// Secrets on the wire. The plugin answers Configure with `acceptSecrets: true`, so the engine sends secret values
// wrapped (`{ [SIG]: SECRET_SIG, value }`) and takes the outputs' secretness from us: wrapped values are unwrapped
// on the way in (the engine works on plain values) and the properties that held one are wrapped again on the way
// out, together with what is secret by nature (the provider's password and refresh token).

/** The key and value that mark a special value in a property struct (the SDK's `specialSigKey`, `specialSecretSig`). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

function isSecret(v: unknown): v is { value?: unknown } {
  return !!v && typeof v === "object" && (v as Props)[SIG] === SECRET_SIG;
}

function unwrap(v: unknown, found: { secret: boolean }): unknown {
  if (isSecret(v)) {
    found.secret = true;
    return unwrap(v.value, found);
  }
  if (Array.isArray(v)) return v.map((e) => unwrap(e, found));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Props).map(([k, e]) => [k, unwrap(e, found)]));
  }
  return v;
}

/** Plain props, and the names of the top-level properties that were or held a secret. */
export function unwrapSecrets(props: Props): { plain: Props; secrets: Set<string> } {
  const secrets = new Set<string>();
  const plain: Props = {};
  for (const [k, v] of Object.entries(props)) {
    const found = { secret: false };
    plain[k] = unwrap(v, found);
    if (found.secret) secrets.add(k);
  }
  return { plain, secrets };
}

/** A value as a secret. */
export function secret(value: unknown): Props {
  return { [SIG]: SECRET_SIG, value };
}

/** `props` with each property named in `names` wrapped as a secret (a whole value, however deep its secret was). */
export function wrapSecrets(props: Props, names: Iterable<string>): Props {
  const out = { ...props };
  for (const k of names) if (out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  return out;
}

/** The provider's settings that are secret whether or not the stack config marks them so. */
export const SECRET_SETTINGS: readonly string[] = ["password", "refreshToken"];

/** The strings a value holds, however deep, its objects' keys included (detailedStatus is keyed by scope item). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((e) => strings(e, out));
  else if (v && typeof v === "object")
    for (const [k, e] of Object.entries(v)) {
      out.push(k);
      strings(e, out);
    }
  return out;
}

/**
 * The outputs to mark secret: those named like a secret input (its echo), and any other whose value holds the
 * text of a secret input (derived from it: e.g. a status naming a secret scope item).
 */
export function secretOutputs(outs: Props, inputs: Props, secretInputs: Set<string>): Set<string> {
  const texts = [...secretInputs].flatMap((k) => strings(inputs[k])).filter((t) => t.length > 0);
  const names = new Set([...secretInputs].filter((k) => outs[k] !== undefined));
  if (texts.length === 0) return names;
  for (const [k, v] of Object.entries(outs)) {
    if (names.has(k)) continue;
    const held = strings(v);
    if (held.some((h) => texts.some((t) => h.includes(t)))) names.add(k);
  }
  return names;
}
