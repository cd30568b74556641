/**
 * The seed documentation pages (copied verbatim into seeds/): each page's example request, sent to the simulator,
 * gets an answer of the example answer's shape; and the pages' own curl command lines (with -k) work.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import { readdirSync, readFileSync } from "fs";
import path from "path";
import { promisify } from "util";
import { startSimulator, type Simulator } from "../../simulator";
import { call, login } from "./helpers";

const run = promisify(execFile);

interface SeedPage {
  file: string;
  curl: string;
  method: string;
  path: string;
  body?: unknown;
  example: Record<string, unknown>;
}

function extractJson(text: string, from: number): Record<string, unknown> {
  const start = text.indexOf("{", from);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error("no JSON");
}

function loadPages(): SeedPage[] {
  const dir = path.join(__dirname, "seeds");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), "utf8");
      const req = text.indexOf("Example Request");
      const curl = text
        .slice(req)
        .split("\n")
        .find((l) => l.startsWith("curl -k 'https://127.0.0.1"));
      if (!curl) throw new Error(`${file}: no example curl line`);
      let example = extractJson(text, text.indexOf("Example Response"));
      if (example["application/json"]) example = example["application/json"] as Record<string, unknown>;
      const url = /curl -k '([^']+)'/.exec(curl)![1];
      const data = /--data-binary \$'((?:[^'\\]|\\.)*)'/.exec(curl);
      const body = data ? JSON.parse(data[1].replace(/\\n/g, "\n")) : undefined;
      const method = /-X (\w+)/.exec(curl)?.[1] ?? (data ? "POST" : "GET");
      return { file, curl, method, path: new URL(url).pathname, body, example };
    });
}

/** The same keys, and per key the same JSON type (arrays of strings stay arrays of strings). */
function assertSameShape(actual: Record<string, unknown>, example: Record<string, unknown>, where: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(example).sort(), `${where}: keys`);
  for (const [k, v] of Object.entries(example)) {
    const a = actual[k];
    assert.equal(Array.isArray(a), Array.isArray(v), `${where}.${k}: array-ness`);
    assert.equal(typeof a, typeof v, `${where}.${k}: type`);
    if (Array.isArray(v) && v.length > 0) assert.equal(typeof (a as unknown[])[0], typeof v[0], `${where}.${k}[0]`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

describe("simulator: seed pages", function () {
  this.timeout(30000);
  const pages = loadPages();
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ jobSeconds: 30 });
    token = await login(sim);
  });
  // Jobs run 30 s: without a reset, a second start in a family would be refused (the strict default).
  beforeEach(() => sim.control.reset());
  after(() => sim.stop());

  it("finds the five example requests", () => {
    assert.equal(pages.length, 5);
  });

  for (const page of loadPages()) {
    it(`${page.file}: ${page.method} ${page.path} answers the example's shape`, async () => {
      let p = page.path;
      // The SAP page's example posts to /sap/keys/keys, a typo of its own Syntax line (/sap/keys/jobs).
      p = p.replace("/sap/keys/keys", "/sap/keys/jobs");
      if (p.includes("/cancel")) {
        const started = await call(sim, "POST", "/api/v1/cckm/external-cm/refresh", {
          token,
          body: { domains: page.example.domains, synchronize_all: false },
        });
        assert.equal(started.status, 201, started.text);
        p = p.replace(/refresh\/[^/]+\/cancel/, `refresh/${started.body.id}/cancel`);
      }
      const a = await call(sim, page.method, p, { token, body: page.body });
      assert.ok(a.status >= 200 && a.status < 300, `${a.status} ${a.text}`);
      assertSameShape(a.body, page.example, page.file);
      assert.match(a.body.id, UUID);
      assert.match(a.body.createdAt, RFC3339);
      assert.match(a.body.updatedAt, RFC3339);
      assert.equal(a.body.account, page.example.account);
      const uriPrefix = String(page.example.uri).replace(String(page.example.id), "");
      assert.equal(a.body.uri, uriPrefix + a.body.id);
      for (const k of [
        "application",
        "devAccount",
        "cloud",
        "overall_status",
        "abort",
        "operation",
        "state",
        "cckm_key_id",
      ]) {
        if (k in page.example) assert.equal(a.body[k], page.example[k], `${page.file}.${k}`);
      }
      for (const k of ["domains", "key_rings"]) {
        // synchronize_all echoes every seeded item, the example's among them.
        if (k in page.example) {
          for (const item of page.example[k] as string[])
            assert.ok(a.body[k].includes(item), `${page.file}.${k}: ${item}`);
        }
      }
      if (page.example.key_vaults) assert.match(a.body.key_vaults[0], /^keyvault-softkeys::[0-9a-f-]{36}$/);
    });
  }

  it("the pages' own curl command lines (with -k) work", async function () {
    try {
      await run("curl", ["--version"]);
    } catch {
      this.skip();
    }
    for (const page of pages) {
      let line = page.curl
        .replace("https://127.0.0.1", sim.url)
        .replace(/Bearer\s+[^']+'/, `Bearer ${token}'`)
        .replace("/sap/keys/keys", "/sap/keys/jobs");
      if (page.path.includes("/cancel")) {
        const started = await call(sim, "POST", "/api/v1/cckm/external-cm/refresh", {
          token,
          body: { synchronize_all: true },
        });
        line = line.replace(/refresh\/[^/]+\/cancel/, `refresh/${started.body.id}/cancel`);
      }
      const { stdout } = await run("bash", ["-c", `${line} -s -w '\\n%{http_code}'`]);
      const lines = stdout.trimEnd().split("\n");
      const status = Number(lines.pop());
      assert.ok(status >= 200 && status < 300, `${page.file}: curl got ${status}: ${lines.join("\n")}`);
      const body = JSON.parse(lines.join("\n"));
      assertSameShape(body, page.example, `${page.file} (curl)`);
    }
  });
});
