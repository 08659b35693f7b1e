/**
 * The one HTTPS agent a kura process talks to ARM through: keep-alive, and at most `maxSockets`
 * connections per host. The SDK's own agent has no cap, so 100 lifecycles calling at the same moment
 * opened ~100 TLS connections, each holding ~150 KB (OpenSSL state outside the JS heap, and the socket
 * objects in it) for as long as it stayed in the keep-alive pool. ARM's budget lets a subscription
 * take 25 reads and 10 writes a second, so a few connections carry it; calls beyond the cap wait for
 * a free connection, which is ARM's pace anyway, in the order `armSendSlots` below gives them.
 *
 * Shared by every client the process builds (backup and compute SDKs, every subscription), so the cap
 * is the process's, not a client's.
 */
import { Agent } from "node:https";
import { KuraError } from "../commands/errors.ts";
import { PrioritySlots } from "../priority-line.ts";

/** kura's default for `KURA_ARM_MAX_SOCKETS`. */
export const DEFAULT_ARM_MAX_SOCKETS = 16;

const connections = new Map<string, { agent: Agent; slots: PrioritySlots }>();

function connection(maxSockets: number, caCertPem: string | undefined) {
  const key = `${maxSockets}\n${caCertPem ?? ""}`;
  let made = connections.get(key);
  if (!made) {
    made = {
      agent: new Agent({ keepAlive: true, maxSockets, ...(caCertPem ? { ca: caCertPem } : {}) }),
      slots: new PrioritySlots(
        maxSockets,
        () => new KuraError("ABORTED", "Stopped waiting for a connection to Azure: the call was cancelled."),
      ),
    };
    connections.set(key, made);
  }
  return made;
}

/** The agent for this cap and extra CA (the emulator's), made once per process. */
export function armAgent(maxSockets: number, caCertPem?: string): Agent {
  return connection(maxSockets, caCertPem).agent;
}

/**
 * Who gets that agent's next free connection. The agent alone queues calls first come, first served:
 * with 100 lifecycles starting at once, the first lifecycle's resume PUT waited behind the other 99
 * lifecycles' preflight reads, and every lifecycle reached Azure's resume at about the same late
 * moment. Only as many calls as the agent has connections pass these slots, and a freed one goes in
 * the order of the budget's queue (src/priority-line.ts): calls on the way to a backup first, the
 * longest-running lifecycle's first. So lifecycles go through one after another, the first done early.
 */
export function armSendSlots(maxSockets: number, caCertPem?: string): PrioritySlots {
  return connection(maxSockets, caCertPem).slots;
}
