/** Bad input never breaks the simulator: malformed JSON, wrong Content-Type, 413, 404, 405, all CCKM-shaped. */
import { strict as assert } from "assert";
import net from "net";
import { startSimulator, type Simulator } from "../../simulator";
import { call, isCckmError, login } from "./helpers";

const DSM = "/api/v1/cckm/dsm/refresh";

describe("simulator: robustness", function () {
  this.timeout(20000);
  let sim: Simulator;
  let token: string;

  before(async () => {
    sim = await startSimulator({ http: true, bodyLimit: 4096 });
    token = await login(sim);
  });
  after(() => sim.stop());

  it("malformed JSON: 400 NCERRBadRequest", async () => {
    const a = await call(sim, "POST", DSM, {
      token,
      raw: '{"synchronize_all": tru',
      headers: { "content-type": "application/json" },
    });
    assert.ok(isCckmError(a, 400, "NCERRBadRequest"), a.text);
  });

  it("wrong or missing Content-Type on a body: 415, CCKM-shaped", async () => {
    for (const type of ["text/plain", undefined]) {
      const headers: Record<string, string> = type ? { "content-type": type } : {};
      const a = await call(sim, "POST", DSM, { token, raw: '{"synchronize_all": true}', headers });
      assert.ok(isCckmError(a, 415, "NCERRBadRequest"), `${type}: ${a.status} ${a.text}`);
    }
    const ok = await call(sim, "POST", DSM, {
      token,
      raw: '{"synchronize_all": true}',
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    assert.equal(ok.status, 201);
  });

  it("a missing body on a job-creating POST: 400", async () => {
    const a = await call(sim, "POST", DSM, { token });
    assert.ok(isCckmError(a, 400, "NCERRBadRequest"), a.text);
  });

  it("a body over the limit: 413, and the simulator keeps serving", async () => {
    const big = JSON.stringify({ domains: Array.from({ length: 2000 }, (_, i) => `domain-${i}`) });
    const a = await call(sim, "POST", DSM, { token, raw: big, headers: { "content-type": "application/json" } });
    assert.ok(isCckmError(a, 413, "NCERR"), `${a.status} ${a.text}`);
    assert.equal((await call(sim, "GET", DSM, { token })).status, 200);
  });

  it("unknown paths 404 and wrong methods 405 (with Allow), CCKM-shaped, before auth", async () => {
    const a = await call(sim, "GET", "/api/v1/cckm/nothing-here");
    assert.ok(isCckmError(a, 404, "NCERRResourceNotFound"), a.text);
    const b = await call(sim, "DELETE", DSM);
    assert.equal(b.status, 405);
    assert.equal(b.headers.allow, "GET, POST");
    assert.equal(typeof b.body.codeDesc, "string");
    const c = await call(sim, "GET", `${DSM}/some-id/cancel`, { token });
    assert.equal(c.status, 405);
    const d = await call(sim, "GET", "/");
    assert.equal(d.status, 404);
  });

  it("garbage on the socket does not stop it", async () => {
    const port = Number(new URL(sim.url).port);
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => s.end("NOT HTTP AT ALL\r\n\r\n"));
      s.on("close", () => resolve());
      s.on("error", () => resolve());
      s.resume();
    });
    const a = await call(sim, "GET", DSM, { token });
    assert.equal(a.status, 200);
  });

  it("bad query values: 400 NCERRInvalidParamValue", async () => {
    for (const q of ["limit=-2", "skip=abc", "sort=password"]) {
      const a = await call(sim, "GET", `${DSM}?${q}`, { token });
      assert.ok(isCckmError(a, 400, "NCERRInvalidParamValue"), `${q}: ${a.text}`);
    }
  });

  it("codeDescMessage and unlicensed knobs", async () => {
    sim.control.configure({ codeDescMessage: true });
    const a = await call(sim, "GET", `${DSM}/nope`, { token });
    assert.match(a.body.codeDesc, /^NCERRResourceNotFound: .*nope/);
    sim.control.configure({ codeDescMessage: false, unlicensed: true });
    const b = await call(sim, "GET", DSM, { token });
    assert.equal(b.status, 403);
    assert.match(b.body.message, /License/);
    assert.equal(
      (await call(sim, "POST", "/api/v1/auth/tokens", { body: { username: "admin", password: "admin" } })).status,
      200,
    );
    sim.control.configure({ unlicensed: false });
  });

  it("HTTPS by default: a certificate for 127.0.0.1, localhost and ::1 signed by the CA it hands out", async () => {
    const s = await startSimulator({});
    try {
      assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.match(s.caCert, /^-----BEGIN CERTIFICATE-----/);
      const { X509Certificate } = await import("crypto");
      const tls = await import("tls");
      const port = Number(new URL(s.url).port);
      const pem = await new Promise<string>((resolve, reject) => {
        const sock = tls.connect({ host: "127.0.0.1", port, ca: s.caCert, servername: "localhost" }, () => {
          const raw = sock.getPeerCertificate().raw;
          sock.end();
          resolve(new X509Certificate(raw).toString());
        });
        sock.on("error", reject);
      });
      const leaf = new X509Certificate(pem);
      assert.match(leaf.subjectAltName ?? "", /DNS:localhost/);
      assert.match(leaf.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
      assert.match(leaf.subjectAltName ?? "", /IP Address:0:0:0:0:0:0:0:1/);
      assert.ok(leaf.checkIssued(new X509Certificate(s.caCert)));
      const t = await login(s);
      assert.equal((await call(s, "GET", DSM, { token: t })).status, 200);
    } finally {
      await s.stop();
    }
  });
});
