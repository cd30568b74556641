// Retry predicates and backoff (pure functions).
import * as assert from "assert";
import { CckmApiError, CckmNetworkError } from "../../provider/client/errors";
import { backoffDelay } from "../../provider/core/retry";
import {
  isAmbiguous,
  isNetworkError,
  isRetryable,
  isRetryableStatus,
  isSafeToRepost,
  parseRetryAfter,
  retryDelay,
} from "../../provider/client/retry";

const api = (status: number, retryAfterMs?: number) =>
  new CckmApiError("GET /api/x", status, "NCERR", "m", retryAfterMs);
const net = (code: string) => new CckmNetworkError("POST /api/x", code, "detail");

describe("retry predicates", () => {
  it("reads and cancels retry network errors, 429 and 5xx, not 4xx or TLS failures", () => {
    assert.ok(isRetryable(net("ECONNRESET")));
    assert.ok(isRetryable(net("ETIMEDOUT")));
    assert.ok(isRetryable(api(429)));
    assert.ok(isRetryable(api(503)));
    assert.ok(!isRetryable(api(501)));
    assert.ok(!isRetryable(api(400)));
    assert.ok(!isRetryable(api(404)));
    assert.ok(!isRetryable(net("DEPTH_ZERO_SELF_SIGNED_CERT")));
    assert.ok(!isNetworkError(net("ERR_TLS_CERT_ALTNAME_INVALID")));
    assert.ok(isRetryableStatus(502) && !isRetryableStatus(409));
  });

  it("a job-creating POST: resets, timeouts and 5xx are ambiguous; 429 and refused connections are safe to resend", () => {
    assert.ok(isAmbiguous(net("ECONNRESET")));
    assert.ok(isAmbiguous(net("ECONNABORTED")));
    assert.ok(isAmbiguous(api(500)));
    assert.ok(!isAmbiguous(api(429)));
    assert.ok(!isAmbiguous(net("ECONNREFUSED")));
    assert.ok(isSafeToRepost(api(429)));
    assert.ok(isSafeToRepost(net("ECONNREFUSED")));
    assert.ok(!isSafeToRepost(api(500)));
    assert.ok(!isSafeToRepost(net("ECONNRESET")));
  });
});

describe("backoff", () => {
  it("grows exponentially, is capped, and jitters within [ceiling/2, ceiling]", () => {
    const lo = { random: () => 0 };
    const hi = { random: () => 0.999999 };
    assert.strictEqual(backoffDelay(0, lo), 125);
    assert.strictEqual(backoffDelay(1, lo), 250);
    assert.strictEqual(backoffDelay(3, lo), 1000);
    assert.strictEqual(backoffDelay(20, lo), 4000);
    assert.strictEqual(backoffDelay(20, hi), 8000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(2, {});
      assert.ok(d >= 500 && d <= 1000, String(d));
    }
  });

  it("never goes below Retry-After", () => {
    assert.strictEqual(backoffDelay(0, { random: () => 0 }, 3000), 3000);
    assert.strictEqual(retryDelay(api(429, 2000), 0, { random: () => 0 }), 2000);
  });

  it("parses Retry-After as seconds or an HTTP date, capped at 5 minutes", () => {
    assert.strictEqual(parseRetryAfter("2"), 2000);
    assert.strictEqual(parseRetryAfter("0.5"), 500);
    assert.strictEqual(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
    assert.strictEqual(parseRetryAfter("99999"), 300_000);
    assert.strictEqual(parseRetryAfter("soon"), undefined);
    assert.strictEqual(parseRetryAfter(undefined), undefined);
  });
});
