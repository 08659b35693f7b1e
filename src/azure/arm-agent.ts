/**
 * The one HTTPS agent a kura process talks to ARM through: keep-alive, and at most `maxSockets`
 * connections per host. The SDK's own agent has no cap, so 100 lifecycles calling at the same moment
 * opened ~100 TLS connections, each holding ~150 KB (OpenSSL state outside the JS heap, and the socket
 * objects in it) for as long as it stayed in the keep-alive pool. ARM's budget lets a subscription
 * take 25 reads and 10 writes a second, so a few connections carry it; calls beyond the cap wait in
 * the agent's queue for a free connection, which is ARM's pace anyway.
 *
 * Shared by every client the process builds (backup and compute SDKs, every subscription), so the cap
 * is the process's, not a client's.
 */
import { Agent } from "node:https";

/** kura's default for `KURA_ARM_MAX_SOCKETS`. */
export const DEFAULT_ARM_MAX_SOCKETS = 16;

const agents = new Map<string, Agent>();

/** The agent for this cap and extra CA (the emulator's), made once per process. */
export function armAgent(maxSockets: number, caCertPem?: string): Agent {
  const key = `${maxSockets}\n${caCertPem ?? ""}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets, ...(caCertPem ? { ca: caCertPem } : {}) });
    agents.set(key, agent);
  }
  return agent;
}
