// Figures for a 2-minute job through the runtime against the live simulator: status polls and token grants.
// Opt-in (CCKM_LONG_TESTS=1): it takes the two minutes it measures.
import * as assert from "assert";
import { startSimulator } from "../../simulator";
import * as runtime from "../../provider/runtime";
import { resetClients } from "../../provider/client/client";

const long = process.env.CCKM_LONG_TESTS === "1";

(long ? describe : describe.skip)("a 2-minute job (CCKM_LONG_TESTS=1)", function () {
  for (const tokenSeconds of [300, 30]) {
    it(`counts status polls and token grants (token lifetime ${tokenSeconds} s)`, async function () {
      const sim = await startSimulator({ port: 0, jobSeconds: 120, tokenSeconds, quiet: true });
      try {
        resetClients();
        runtime._setStackConfig({
          "cckm:address": sim.url,
          "cckm:caCert": sim.caCert,
          "cckm:username": "admin",
          "cckm:password": "admin",
        });
        const { inputs } = await runtime.check(
          "DsmDomainRefresh",
          {},
          { domains: ["89c49e63-b5c9-46be-9371-0d8b0649e289"], __cckmName: "long" },
        );
        const started = Date.now();
        const r = await runtime.create("DsmDomainRefresh", inputs);
        const c = sim.counters();
        const polls = c.byEndpoint["GET /api/v1/cckm/dsm/refresh/{id}"];
        console.log(
          `      2-minute job, token ${tokenSeconds}s: ${polls} status polls, grants ${JSON.stringify(c.authGrants)}, ` +
            `${c.requests} requests, ${Math.round((Date.now() - started) / 1000)} s`,
        );
        assert.strictEqual(r.outs.status, "completed");
        assert.strictEqual(c.authGrants.password, 1);
        assert.ok(polls <= 25, `${polls} polls`);
      } finally {
        await sim.stop();
      }
    });
  }
});
