/**
 * Whether the local web console runs, where kura's HTTP server listens and who may act on the
 * console, from configuration alone (README, "The local console"). Local mode — the embedded
 * emulator with no chat platform configured — is what `npm start` gives a first-time user: the
 * console on 127.0.0.1, interactive, with the embedded people and `console:ben` as approver.
 */
import type { ConsoleAccess } from "../bot/console/access.ts";
import { approverIds, LOCAL_PEOPLE } from "../bot/console/people.ts";
import type { KuraConfig } from "../config.ts";

/** The emulator with no chat platform configured: a laptop, not a deployment. */
export function isLocalMode(config: Readonly<KuraConfig>): boolean {
  return config.azure.mode === "emulator" && config.slack.botToken === undefined && !config.teams.enabled;
}

export interface ConsoleSetup {
  enabled: boolean;
  /** Where the process's HTTP server listens. */
  host: string;
  access: ConsoleAccess;
  /** Approver entries the embedded people add (local mode only). */
  approvers: string[];
}

export function consoleSetup(config: Readonly<KuraConfig>): ConsoleSetup {
  const local = isLocalMode(config);
  const { enabled, token } = config.console;
  const host = config.http.host ?? (local ? "127.0.0.1" : "0.0.0.0");
  const loopback = ["127.0.0.1", "::1", "localhost"].includes(host);
  return {
    enabled: enabled === "on" || (enabled === "auto" && local),
    host,
    // Without a token, acting needs both local mode and a loopback address: never open by default.
    access: { interactive: token !== undefined || (local && loopback), ...(token ? { token } : {}) },
    approvers: local ? approverIds(LOCAL_PEOPLE) : [],
  };
}
