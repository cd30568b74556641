// Issue 6, point 6: TLS. The simulator serves a certificate signed by a CA of its own (made at start), as a CM
// appliance does by default. Without caCert the run fails saying how to fix it; with the wrong CA it says the CA
// does not sign it; through a name the certificate does not hold (127.0.0.2, forwarded to the simulator) it fails;
// insecureSkipVerify works and warns once; with caCert it works. No failed case reaches CCKM's HTTP layer.
import * as assert from "assert";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { RunResult } from "../../scripts/engine";
import { generateTls } from "../../simulator/tls";
import { DSM, GOOGLE } from "./fixtures";
import { Rig, rig, Spec } from "./helpers";

const spec: Spec = {
  dsm: { kind: "DsmDomainRefresh", args: { domains: [DSM[0]] } },
  rings: { kind: "GoogleKeySync", args: { keyRings: [GOOGLE[0]] } },
};

/** Lines printed live (the CLI repeats provider lines under Diagnostics). */
function live(r: RunResult): string {
  const i = r.output.indexOf("\nDiagnostics:");
  return i < 0 ? r.output : r.output.slice(0, i);
}

describe("reliability: TLS", function () {
  let r: Rig;
  let proxy: net.Server;
  let proxyUrl: string;

  before(async function () {
    r = await rig("tls", spec);
    // 127.0.0.2 is loopback too, but the simulator's certificate names only localhost, 127.0.0.1 and ::1
    proxy = net.createServer((client) => {
      const upstream = net.connect(r.sim.port, "127.0.0.1");
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", close);
      upstream.on("error", close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.2", resolve));
    proxyUrl = `https://127.0.0.2:${(proxy.address() as net.AddressInfo).port}`;
  });

  after(async function () {
    proxy?.close();
    await r?.dispose();
  });

  it("fails clearly without caCert, with the wrong CA and for another host name; works insecurely and with caCert", async function () {
    const figures: string[] = [];
    const failing = async (what: string, expected: RegExp[]) => {
      const up = await r.stack.up(["--skip-preview"], { allowFailure: true });
      assert.notStrictEqual(up.code, 0, `${what}: must fail`);
      const line = up.output.split("\n").find((l) => /error: (DsmDomainRefresh|GoogleKeySync) /.test(l)) ?? "";
      figures.push(`${what}: failed in ${Math.round(up.durationMs / 1000)} s: ${line.trim()}`);
      for (const re of expected) assert.match(line, re, what);
    };

    await r.stack.removeConfig("cckm:caCert");
    await failing("no caCert", [/not trusted/, /cckm:caCert/, /CIPHERTRUST_CA_CERT/]);

    const otherCa = path.join(r.programDir, "other-ca.pem");
    fs.writeFileSync(otherCa, generateTls().caCert);
    await r.stack.setConfig("cckm:caCert", otherCa);
    await failing("another CA", [/not trusted/, /does not sign it/]);

    await r.stack.setConfig("cckm:caCert", r.caFile);
    await r.stack.setConfig("cckm:address", proxyUrl);
    await failing("a host name the certificate does not hold", [
      /ERR_TLS_CERT_ALTNAME_INVALID/,
      /does not name the host/,
    ]);
    assert.strictEqual(r.sim.counters().requests, 0, "no failed case reached CCKM's HTTP layer");

    await r.stack.setConfig("cckm:address", r.sim.url);
    await r.stack.removeConfig("cckm:caCert");
    await r.stack.setConfig("cckm:insecureSkipVerify", "true");
    const insecure = await r.stack.up(["--skip-preview"]);
    const warnings = live(insecure)
      .split("\n")
      .filter((l) => /TLS verification is off/.test(l));
    figures.push(`insecureSkipVerify: up in ${Math.round(insecure.durationMs / 1000)} s, ${warnings.length} warning`);
    assert.strictEqual(warnings.length, 1, `warns once:\n${warnings.join("\n")}`);
    assert.match(warnings[0], /cckm:caCert/);
    assert.strictEqual(r.sim.counters().jobsCreated.total, 2);

    await r.stack.removeConfig("cckm:insecureSkipVerify");
    await r.stack.setConfig("cckm:caCert", r.caFile);
    // refresh and destroy run with the settings recorded by the last up (the default provider's inputs in state):
    // an up records the new ones, and starts nothing
    const record = await r.stack.up(["--skip-preview"]);
    assert.match(record.output, /3 unchanged/);
    assert.strictEqual(r.sim.counters().jobsCreated.total, 2, "a settings change starts no job");
    const refresh = await r.stack.refresh(["--skip-preview"]);
    assert.ok(!/TLS verification is off/.test(refresh.output), "no warning with caCert");
    const destroy = await r.stack.destroy(["--skip-preview"]);
    figures.push(`caCert: refresh and destroy in ${Math.round((refresh.durationMs + destroy.durationMs) / 1000)} s`);
    console.log(figures.map((f) => `      ${f}`).join("\n"));
  });
});
