// Figures for a 2-minute job through the runtime against the live simulator: status polls and token grants.
// Opt-in (CCKM_LONG_TESTS=1): it takes the two minutes it measures.
import * as assert from "assert";
import { startSimulator } from "../../simulator";
import * as runtime from "../../provider/runtime";
import { pollSchedule } from "../../provider/jobs/poller";
import { readsWithin } from "../unit/schedule";
import { configureRuntimeFor } from "./configure";

const long = process.env.CCKM_LONG_TESTS === "1";

(long ? describe : describe.skip)("a 2-minute job (CCKM_LONG_TESTS=1)", function () {
  for (const tokenSeconds of [300, 30]) {
    it(`counts status polls and token grants (token lifetime ${tokenSeconds} s)`, async function () {
      const sim = await startSimulator({ port: 0, jobSeconds: 120, tokenSeconds, quiet: true });
      try {
        await configureRuntimeFor(sim);
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
        // the schedule's reads within 2 minutes, plus the one that sees the end and one for request time
        const expected = readsWithin(120_000, pollSchedule({}));
        assert.ok(polls <= expected + 2, `${polls} polls, the schedule has ${expected} reads in 2 minutes`);
      } finally {
        await sim.stop();
      }
    });
  }
});
