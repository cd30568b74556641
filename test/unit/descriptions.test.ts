// The TypeScript classes' TSDoc (what TypeDoc publishes) and the schema's descriptions and defaults (what every SDK's
// docs are generated from) are written twice; this keeps them saying the same thing: the class description, each
// property's description and each property's `@default`. The TSDoc is read with the
// TypeScript compiler API from provider/resources, the schema is built in-process from the descriptors.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { isDeepStrictEqual } from "util";
import { buildSchema, typeToken } from "../../provider/plugin/schema";

const RESOURCES = path.resolve(__dirname, "../../provider/resources");

type Docs = Map<string, string>;
interface ClassDocs {
  /** The class's own TSDoc, without its tags (an `@example` may show TypeScript; the schema's text must not). */
  description: string;
  inputs: Docs;
  outputs: Docs;
  /** The `@default` tag's text of each property that has one. */
  inputDefaults: Docs;
  outputDefaults: Docs;
}

/** Whitespace collapsed, as a reader sees the text (tags such as `@default` are not part of it). */
const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return normalise(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
}

function defaultOf(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === "default");
  return tag && normalise(ts.displayPartsToString(tag.text));
}

function resolved(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

const isOurs = (node: ts.Node) => path.resolve(node.getSourceFile().fileName).startsWith(RESOURCES + path.sep);

/** The base class of a class declaration, when it is one of provider/resources (not pulumi's). */
function baseClass(decl: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration | undefined {
  const clause = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const expr = clause?.types[0]?.expression;
  const symbol = expr && checker.getSymbolAtLocation(expr);
  const base = symbol && resolved(symbol, checker).declarations?.find(ts.isClassDeclaration);
  return base && isOurs(base) ? base : undefined;
}

/** `declare readonly x` of the class and its base classes (the most derived declaration wins). */
function outputSymbols(decl: ts.ClassDeclaration, checker: ts.TypeChecker): Map<string, ts.Symbol> {
  const docs = new Map<string, ts.Symbol>();
  for (let c: ts.ClassDeclaration | undefined = decl; c; c = baseClass(c, checker)) {
    for (const m of c.members) {
      if (!ts.isPropertyDeclaration(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      const symbol = checker.getSymbolAtLocation(m.name);
      if (symbol && !docs.has(symbol.name)) docs.set(symbol.name, symbol);
    }
  }
  return docs;
}

/** The properties of the constructor's `args` type: its Args interface, `extends` followed. */
function inputSymbols(decl: ts.ClassDeclaration, checker: ts.TypeChecker): Map<string, ts.Symbol> {
  const ctor = decl.members.find(ts.isConstructorDeclaration);
  const args = ctor?.parameters.find((p) => p.name.getText() === "args");
  assert.ok(args, `${decl.name?.text}: no constructor parameter "args"`);
  const type = checker.getTypeAtLocation(args);
  return new Map(checker.getPropertiesOfType(type).map((p) => [p.name, p]));
}

function texts(symbols: Map<string, ts.Symbol>, read: (s: ts.Symbol) => string | undefined): Docs {
  const docs: Docs = new Map();
  for (const [name, symbol] of symbols) {
    const text = read(symbol);
    if (text !== undefined) docs.set(name, text);
  }
  return docs;
}

function classDocs(decl: ts.ClassDeclaration, checker: ts.TypeChecker): ClassDocs {
  const classSymbol = decl.name && checker.getSymbolAtLocation(decl.name);
  assert.ok(classSymbol, "a named class");
  const inputs = inputSymbols(decl, checker);
  const outputs = outputSymbols(decl, checker);
  return {
    description: docOf(classSymbol, checker),
    inputs: texts(inputs, (s) => docOf(s, checker)),
    outputs: texts(outputs, (s) => docOf(s, checker)),
    inputDefaults: texts(inputs, (s) => defaultOf(s, checker)),
    outputDefaults: texts(outputs, (s) => defaultOf(s, checker)),
  };
}

/** The exported, non-abstract classes of provider/resources/index.ts, by name. One program, no type check. */
function readClasses(): Map<string, ClassDocs> {
  const files = fs
    .readdirSync(RESOURCES)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => path.join(RESOURCES, f));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(RESOURCES, "index.ts"));
  assert.ok(index, "provider/resources/index.ts is in the program");
  const module = checker.getSymbolAtLocation(index);
  assert.ok(module, "provider/resources/index.ts is a module");
  const classes = new Map<string, ClassDocs>();
  for (const exported of checker.getExportsOfModule(module)) {
    const decl = resolved(exported, checker).declarations?.find(ts.isClassDeclaration);
    if (!decl || decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) continue;
    classes.set(exported.name, classDocs(decl, checker));
  }
  return classes;
}

type SchemaProperties = Record<string, { description?: string; default?: unknown }>;
interface SchemaResource {
  description?: string;
  inputProperties: SchemaProperties;
  properties: SchemaProperties;
}

/**
 * TSDoc defaults a schema cannot hold, `<resource> <side> <property>` with the TSDoc text and why; any other
 * `@default` must parse as JSON and equal the schema's `default`.
 */
const DEFAULT_EXCEPTIONS: Record<string, { tsDoc: string; why: string }> = {
  "AwsKeySync input regions": { tsDoc: "absent (all regions)", why: "absence itself is the default, not a value" },
  "SyncSchedule input scheduleName": {
    tsDoc: "`<project>-<stack>-<resource name>`",
    why: "computed per resource by the front end, not a constant",
  },
  ...Object.fromEntries(
    [
      "AwsKeySync",
      "AzureKeySync",
      "DsmDomainRefresh",
      "ExternalCmDomainRefresh",
      "GoogleKeySync",
      "OciKeySync",
      "SapGroupSync",
      "SapKeyJob",
    ].map((kind) => [
      `${kind} input triggers`,
      { tsDoc: "[]", why: "a Pulumi schema holds no array defaults (schema.ts drops them; `check` fills in [])" },
    ]),
  ),
};

/** The TSDoc `@default` as a JSON value, or why it is not one. */
function parseDefault(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Every difference between one side's TSDoc `@default`s and the schema's `default`s, one line each. */
function compareDefaults(
  resource: string,
  side: string,
  tsDefaults: Docs,
  schema: SchemaProperties,
  exceptionsSeen: Set<string>,
): string[] {
  const problems: string[] = [];
  const names = [
    ...new Set([...tsDefaults.keys(), ...Object.keys(schema).filter((n) => schema[n].default !== undefined)]),
  ].sort();
  for (const name of names) {
    const where = `${resource} ${side} ${name}`;
    const fromTs = tsDefaults.get(name);
    const fromSchema = schema[name]?.default;
    const exception = DEFAULT_EXCEPTIONS[where];
    if (exception) {
      exceptionsSeen.add(where);
      if (fromTs !== exception.tsDoc || fromSchema !== undefined)
        problems.push(
          `${where}: listed as an exception with TSDoc @default ${exception.tsDoc} and no schema default; ` +
            `TSDoc says ${fromTs ?? "(none)"}, schema says ${JSON.stringify(fromSchema) ?? "(none)"}`,
        );
      continue;
    }
    if (fromTs === undefined) {
      problems.push(`${where}: schema default ${JSON.stringify(fromSchema)}, no TSDoc @default`);
      continue;
    }
    const parsed = parseDefault(fromTs);
    if ("error" in parsed) problems.push(`${where}: TSDoc @default ${fromTs} is not a JSON value (${parsed.error})`);
    else if (fromSchema === undefined) problems.push(`${where}: TSDoc @default ${fromTs}, no schema default`);
    else if (!isDeepStrictEqual(parsed.value, fromSchema))
      problems.push(`${where}: TSDoc @default ${fromTs}, schema default ${JSON.stringify(fromSchema)}`);
  }
  return problems;
}

/** Every difference between one side's TSDoc and the schema's descriptions, one line each. */
function compare(resource: string, side: string, tsDocs: Docs, schema: SchemaProperties): string[] {
  const problems: string[] = [];
  const names = [...new Set([...tsDocs.keys(), ...Object.keys(schema)])].sort();
  for (const name of names) {
    const where = `${resource} ${side} ${name}`;
    const fromTs = tsDocs.get(name);
    const fromSchema = schema[name] === undefined ? undefined : normalise(schema[name].description ?? "");
    if (fromTs === undefined) problems.push(`${where}: in the schema, not declared in TypeScript`);
    else if (fromSchema === undefined) problems.push(`${where}: declared in TypeScript, not in the schema`);
    else if (!fromTs && fromSchema) problems.push(`${where}: no TSDoc; schema says: ${fromSchema}`);
    else if (fromTs && !fromSchema) problems.push(`${where}: no schema description; TSDoc says: ${fromTs}`);
    else if (!fromTs && !fromSchema) problems.push(`${where}: described nowhere`);
    else if (fromTs !== fromSchema) problems.push(`${where}:\n    TSDoc:  ${fromTs}\n    schema: ${fromSchema}`);
  }
  return problems;
}

describe("descriptions: the classes' TSDoc and the schema say the same", function () {
  const schema = buildSchema("0.0.0") as { resources: Record<string, SchemaResource> };
  let classes: Map<string, ClassDocs>;

  before(function () {
    classes = readClasses();
  });

  it("finds a class for every resource of the schema, with documented inputs and outputs", function () {
    const kinds = Object.keys(schema.resources).map((t) => t.split(":")[2]);
    assert.strictEqual(kinds.length, 9, "the 8 job kinds and SyncSchedule");
    assert.deepStrictEqual([...classes.keys()].sort(), [...kinds].sort());
    // the reader itself: an inherited input and a base class's output are found, with their text
    const aws = classes.get("AwsKeySync")!;
    assert.match(aws.inputs.get("timeoutSeconds") ?? "", /^How long `create` waits/);
    assert.match(aws.outputs.get("jobId") ?? "", /^The CCKM job id/);
    assert.match(aws.outputs.get("overallStatus") ?? "", /overall_status/);
  });

  it("has the same description for every input and output on both sides", function () {
    const problems: string[] = [];
    for (const [token, r] of Object.entries(schema.resources)) {
      const kind = token.split(":")[2];
      assert.strictEqual(token, typeToken(kind));
      const docs = classes.get(kind);
      if (!docs) {
        problems.push(`${kind}: no class in provider/resources`);
        continue;
      }
      problems.push(...compare(kind, "input", docs.inputs, r.inputProperties));
      problems.push(...compare(kind, "output", docs.outputs, r.properties));
    }
    assert.ok(
      problems.length === 0,
      `${problems.length} TSDoc/schema description mismatches (provider/resources vs the descriptors):\n` +
        problems.join("\n"),
    );
  });

  it("has the same class description on both sides", function () {
    const problems: string[] = [];
    for (const [token, r] of Object.entries(schema.resources)) {
      const kind = token.split(":")[2];
      const fromTs = classes.get(kind)?.description ?? "";
      // the schema's `## Import` section is the plugin's alone: the dynamic classes cannot be imported
      const fromSchema = normalise((r.description ?? "").split("\n\n## Import\n")[0]);
      if (!fromTs || !fromSchema) problems.push(`${kind}: described only on one side, or on none`);
      else if (fromTs !== fromSchema) problems.push(`${kind}:\n    TSDoc:  ${fromTs}\n    schema: ${fromSchema}`);
    }
    assert.ok(
      problems.length === 0,
      `${problems.length} TSDoc/schema class description mismatches (provider/resources vs kindSpecs.ts):\n` +
        problems.join("\n"),
    );
  });

  it("has the same default for every input and output on both sides, or an explained exception", function () {
    const problems: string[] = [];
    const exceptionsSeen = new Set<string>();
    for (const [token, r] of Object.entries(schema.resources)) {
      const kind = token.split(":")[2];
      const docs = classes.get(kind);
      if (!docs) continue; // reported by the description test
      problems.push(...compareDefaults(kind, "input", docs.inputDefaults, r.inputProperties, exceptionsSeen));
      problems.push(...compareDefaults(kind, "output", docs.outputDefaults, r.properties, exceptionsSeen));
    }
    // an exception that no longer applies is removed, so the list stays the list of real ones
    for (const where of Object.keys(DEFAULT_EXCEPTIONS))
      if (!exceptionsSeen.has(where))
        problems.push(`${where}: listed as an exception, but has no default on either side`);
    assert.ok(
      problems.length === 0,
      `${problems.length} TSDoc @default / schema default mismatches:\n` + problems.join("\n"),
    );
  });
});
