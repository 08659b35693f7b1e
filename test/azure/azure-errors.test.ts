import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_THROTTLE_MS, sanitize, toKuraError } from "../../src/azure/azure-errors.ts";
import { createClient } from "../../src/azure/client.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import { KuraError } from "../../src/commands/errors.ts";
import { armError, type FakeReply, fakeHttp } from "./fake-http.ts";

const SUB = "00000000-0000-0000-0000-000000000001";

/** The real RestError the SDK throws for `reply` (through its whole pipeline, retries off). */
async function restErrorFor(reply: FakeReply): Promise<unknown> {
  const http = fakeHttp(() => reply);
  const client = createClient(SUB, {
    credential: fixedTokenCredential("secret-token-123"),
    retry: { maxRetries: 0, maxInlineRetryAfterMs: Number.POSITIVE_INFINITY },
    httpClient: http,
  });
  try {
    await client.jobDetails.get("rsv", "rg", "job-1");
  } catch (err) {
    return err;
  }
  assert.fail("expected the SDK to throw");
}

async function normalised(reply: FakeReply) {
  const err = await restErrorFor(reply);
  assert.equal((err as Error).name, "RestError", "the SDK throws a RestError");
  return toKuraError(err);
}

describe("toKuraError on the SDK's RestError", () => {
  it("RP collection limit by code", async () => {
    const k = await normalised(
      armError(
        400,
        "UserErrorRpCollectionLimitReached",
        "The Restore Point collection max limit has reached.",
      ),
    );
    assert.equal(k.code, "AZURE_RP_LIMIT_REACHED");
    assert.equal(k.azureCode, "UserErrorRpCollectionLimitReached");
    assert.match(k.remedy ?? "", /48 hours/);
  });

  it("RP collection limit by message text only", async () => {
    const k = await normalised(
      armError(400, "BMSUserErrorSomething", "The Restore Point collection max limit has reached."),
    );
    assert.equal(k.code, "AZURE_RP_LIMIT_REACHED");
  });

  it("429 with Retry-After seconds → AZURE_THROTTLED with retryAfterMs", async () => {
    const k = await normalised(armError(429, "TooManyRequests", "Slow down", { "Retry-After": "7" }));
    assert.equal(k.code, "AZURE_THROTTLED");
    assert.equal(k.retryAfterMs, 7000);
    assert.equal(k.isTransient, true);
  });

  it("429 with retry-after-ms and with no header", async () => {
    assert.equal(
      (await normalised(armError(429, "X", "y", { "retry-after-ms": "1500" }))).retryAfterMs,
      1500,
    );
    assert.equal((await normalised(armError(429, "X", "y"))).retryAfterMs, DEFAULT_THROTTLE_MS);
  });

  it("429 with an HTTP-date Retry-After", async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    const k = await normalised(armError(429, "X", "y", { "Retry-After": at }));
    assert.ok(
      k.retryAfterMs !== undefined && k.retryAfterMs > 15_000 && k.retryAfterMs <= 20_000,
      String(k.retryAfterMs),
    );
  });

  const conflicts = [
    "BMSUserErrorObjectLocked",
    "BMSUserErrorConflictingProtectionOperation",
    "UserErrorBackupOperationInProgress",
  ];
  for (const code of conflicts) {
    it(`${code} → AZURE_CONFLICT (whatever the status)`, async () => {
      assert.equal(
        (await normalised(armError(400, code, "Another operation is in progress"))).code,
        "AZURE_CONFLICT",
      );
    });
  }

  const byStatus: [number, string][] = [
    [409, "AZURE_CONFLICT"],
    [404, "AZURE_NOT_FOUND"],
    [401, "AZURE_FORBIDDEN"],
    [403, "AZURE_FORBIDDEN"],
    [400, "AZURE_INVALID_INPUT"],
    [500, "AZURE_UNAVAILABLE"],
    [503, "AZURE_UNAVAILABLE"],
    [504, "AZURE_UNAVAILABLE"],
  ];
  for (const [status, code] of byStatus) {
    it(`HTTP ${status} → ${code}`, async () => {
      const k = await normalised(armError(status, "SomeCode", "Some message"));
      assert.equal(k.code, code);
      assert.equal(k.azureCode, "SomeCode");
      assert.ok(k.remedy);
    });
  }

  it("an empty error body still maps by status", async () => {
    const k = await normalised({ status: 404 });
    assert.equal(k.code, "AZURE_NOT_FOUND");
    assert.equal(k.azureCode, undefined);
  });

  it("never leaks the token, headers or query strings", async () => {
    const raw = await restErrorFor(
      armError(
        403,
        "AuthorizationFailed",
        "Denied for https://management.azure.com/x?sig=SECRET&api-version=1 Bearer abc.def",
      ),
    );
    const k = toKuraError(raw);
    const text = JSON.stringify(k.toJSON()) + k.message + String(k.stack);
    assert.doesNotMatch(text, /secret-token-123|SECRET|abc\.def/);
    assert.equal(k.cause, undefined, "the RestError (with its request headers) is not kept");
  });
});

describe("toKuraError on other shapes", () => {
  it("socket errors (RestError without status)", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), {
      name: "RestError",
      code: "ECONNREFUSED",
    });
    const k = toKuraError(err);
    assert.equal(k.code, "AZURE_UNAVAILABLE");
    assert.match(k.message, /ECONNREFUSED/);
  });

  it("TLS trust failures are configuration problems", () => {
    const err = Object.assign(new Error("self-signed certificate"), {
      name: "RestError",
      code: "DEPTH_ZERO_SELF_SIGNED_CERT",
    });
    assert.equal(toKuraError(err).code, "CONFIG_INVALID");
  });

  it("credential errors → AZURE_FORBIDDEN", () => {
    for (const name of [
      "CredentialUnavailableError",
      "AuthenticationError",
      "AggregateAuthenticationError",
    ]) {
      const err = Object.assign(new Error("token request failed: client_secret=hunter2"), { name });
      const k = toKuraError(err);
      assert.equal(k.code, "AZURE_FORBIDDEN");
      assert.doesNotMatch(k.message, /hunter2/);
    }
  });

  it("AbortError and an aborted signal → ABORTED", () => {
    assert.equal(toKuraError(Object.assign(new Error("aborted"), { name: "AbortError" })).code, "ABORTED");
    const ac = new AbortController();
    ac.abort();
    assert.equal(toKuraError(new Error("whatever"), ac.signal).code, "ABORTED");
  });

  it("KuraErrors pass through untouched", () => {
    const k = new KuraError("INVALID_VM_NAME", "bad");
    assert.equal(toKuraError(k), k);
  });

  it("http endpoints are refused by the SDK; reported as configuration", () => {
    const err = new Error(
      "Bearer token authentication is not permitted for non-TLS protected (non-https) URLs.",
    );
    assert.equal(toKuraError(err).code, "CONFIG_INVALID");
  });

  it("anything else → AZURE_UNAVAILABLE", () => {
    assert.equal(toKuraError("boom").code, "AZURE_UNAVAILABLE");
  });

  it("sanitize strips bearer tokens, query strings and control characters", () => {
    assert.equal(
      sanitize("see https://h/p?sig=1 Bearer eyJ.x.y\u0000"),
      "see https://h/p Bearer <redacted> ",
    );
  });
});
