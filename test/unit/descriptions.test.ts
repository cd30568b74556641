// The TypeScript classes' TSDoc (what TypeDoc publishes) and the schema's property descriptions (what every SDK's
// docs are generated from) are written twice; this keeps them saying the same thing. The TSDoc is read with the
// TypeScript compiler API from provider/resources, the schema is built in-process from the descriptors.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { buildSchema, typeToken } from "../../provider/native/schema";

const RESOURCES = path.resolve(__dirname, "../../provider/resources");

type Docs = Map<string, string>;
interface ClassDocs {
  inputs: Docs;
  outputs: Docs;
}

/** Whitespace collapsed, as a reader sees the text (tags such as `@default` are not part of it). */
const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return normalise(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
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
function outputDocs(decl: ts.ClassDeclaration, checker: ts.TypeChecker): Docs {
  const docs: Docs = new Map();
  for (let c: ts.ClassDeclaration | undefined = decl; c; c = baseClass(c, checker)) {
    for (const m of c.members) {
      if (!ts.isPropertyDeclaration(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      const symbol = checker.getSymbolAtLocation(m.name);
      if (symbol && !docs.has(symbol.name)) docs.set(symbol.name, docOf(symbol, checker));
    }
  }
  return docs;
}

/** The properties of the constructor's `args` type: its Args interface, `extends` followed. */
function inputDocs(decl: ts.ClassDeclaration, checker: ts.TypeChecker): Docs {
  const ctor = decl.members.find(ts.isConstructorDeclaration);
  const args = ctor?.parameters.find((p) => p.name.getText() === "args");
  assert.ok(args, `${decl.name?.text}: no constructor parameter "args"`);
  const type = checker.getTypeAtLocation(args);
  return new Map(checker.getPropertiesOfType(type).map((p) => [p.name, docOf(p, checker)]));
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
    classes.set(exported.name, { inputs: inputDocs(decl, checker), outputs: outputDocs(decl, checker) });
  }
  return classes;
}

type SchemaProperties = Record<string, { description?: string }>;

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
  const schema = buildSchema("0.0.0") as {
    resources: Record<string, { inputProperties: SchemaProperties; properties: SchemaProperties }>;
  };
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
});
