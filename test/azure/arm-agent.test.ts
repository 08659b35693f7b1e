/**
 * The ARM connection cap (KURA_ARM_MAX_SOCKETS, src/azure/arm-agent.ts): a kura process opens at most
 * that many HTTPS connections to ARM however many calls it makes at once; the others wait for a free
 * one and are answered. One agent per cap and CA, shared by every client of the process.
 */
import assert from "node:assert/strict";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { armAgent, DEFAULT_ARM_MAX_SOCKETS } from "../../src/azure/arm-agent.ts";
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
