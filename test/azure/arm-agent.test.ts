/**
 * The ARM connection cap (KURA_ARM_MAX_SOCKETS, src/azure/arm-agent.ts): a kura process opens at most
 * that many HTTPS connections to ARM however many calls it makes at once; the others wait for a free
 * one and are answered, those on the way to a backup first. One agent per cap and CA, shared by every
 * client of the process.
 */
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { armAgent, DEFAULT_ARM_MAX_SOCKETS } from "../../src/azure/arm-agent.ts";
import { atPriority } from "../../src/azure/call-priority.ts";
import { createClient, pipelineOptions } from "../../src/azure/client.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import { makeCertificates } from "../../src/azure/emulator/http/cert.ts";

const SUB = "00000000-0000-0000-0000-000000000001";

test("20 calls at once over a cap of 3 open 3 connections, and every call is answered", async (t) => {
  const certs = await makeCertificates(undefined, ["localhost"]);
  let connections = 0;
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (_request, response) => {
    // Slow enough that every call is in flight at once.
    setTimeout(() => {
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({ id: "p", name: "p", properties: { backupManagementType: "AzureIaasVM" } }),
      );
    }, 50);
  });
  server.on("secureConnection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const endpoint = `https://localhost:${(server.address() as AddressInfo).port}`;
  const client = createClient(SUB, {
    credential: fixedTokenCredential(),
    endpoint,
    caCertPem: certs.caPem,
    maxSockets: 3,
  });
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => client.protectionPolicies.get("vault", "rg", `policy-${i}`)),
  );
  assert.equal(answers.length, 20);
  assert.equal(connections, 3);
  armAgent(3, certs.caPem).destroy();
});

test("a freed connection goes to the waiting call on the way to a backup, the oldest lifecycle's first", async (t) => {
  const certs = await makeCertificates(undefined, ["localhost"]);
  const seen: string[] = [];
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (request, response) => {
    seen.push(
      decodeURIComponent(request.url ?? "")
        .split("/backupPolicies/")[1]
        ?.split("?")[0] ?? "?",
    );
    // Slow enough that every other call is waiting for the one connection meanwhile.
    setTimeout(() => {
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({ id: "p", name: "p", properties: { backupManagementType: "AzureIaasVM" } }),
      );
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const client = createClient(SUB, {
    credential: fixedTokenCredential(),
    endpoint: `https://localhost:${(server.address() as AddressInfo).port}`,
    caCertPem: certs.caPem,
    maxSockets: 1,
  });
  const get = (name: string) => client.protectionPolicies.get("vault", "rg", name);
  await Promise.all([
    get("first"),
    get("normal-1"),
    // Lifecycles on their way to a backup, ranked by when each started (the later one asks first).
    atPriority({ priority: "high", order: 2_000 }, () => get("started-second")),
    atPriority({ priority: "high", order: 1_000 }, () => get("started-first")),
    get("normal-2"),
  ]);
  assert.deepEqual(seen, ["first", "started-first", "started-second", "normal-1", "normal-2"]);
  armAgent(1, certs.caPem).destroy();
});

test("one agent per cap and CA, shared by every client; 16 connections unless configured", () => {
  const credential = fixedTokenCredential();
  const a = pipelineOptions({ credential, caCertPem: "CA" });
  const b = pipelineOptions({ credential, caCertPem: "CA", endpoint: "https://other.example" });
  assert.equal(a.agent, b.agent);
  assert.equal(a.agent.maxSockets, DEFAULT_ARM_MAX_SOCKETS);
  assert.equal(DEFAULT_ARM_MAX_SOCKETS, 16);
  assert.notEqual(pipelineOptions({ credential, maxSockets: 4 }).agent, a.agent);
  assert.equal(pipelineOptions({ credential, maxSockets: 4 }).agent.maxSockets, 4);
});
