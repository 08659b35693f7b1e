/**
 * `node src/main.ts --help` (also printed after an unknown role): the roles and the settings a first
 * run is most likely to touch, with their defaults, from the same key metadata as README's table.
 */
import { CONFIG_KEYS } from "../config.ts";

/** What each role runs; a role another engineer adds shows up with its name only. */
const ROLE_TEXT: Record<string, string> = {
  all: "everything in one process (default): worker, and each chat platform that is configured",
  worker: "backup lifecycles, GC windows, reconciler, request expiry",
  bot: "chat platforms' front door (Slack, Teams) and the notification queue's consumer",
  "audit-export": "prints the audit trail as JSON lines and exits",
};

/** The settings worth seeing first; the rest are in README's configuration table. */
const MAIN_SETTINGS = [
  "KURA_CONFIG_FILE",
  "KURA_AZURE_MODE",
  "KURA_DEMO_SPEED",
  "REDIS_URL",
  "KURA_REDIS_LOCAL",
  "KURA_DATA_DIR",
  "KURA_HTTP_PORT",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_MODE",
  "KURA_LOCALE",
  "KURA_LOG_LEVEL",
];

/** The help text, ending in a newline. */
export function helpText(roles: readonly string[]): string {
  const width = Math.max(...roles.map((r) => r.length));
  const keys = MAIN_SETTINGS.flatMap((env) => CONFIG_KEYS.filter((key) => key.env === env));
  const envWidth = Math.max(...keys.map((key) => (key.env ?? "").length));
  const plain = (text: string) => text.replaceAll("`", "");
  return [
    "Usage: npm start [-- <role>]   or   node src/main.ts [<role>] [--help]",
    "",
    "Roles:",
    ...roles.map((role) => `  ${role.padEnd(width)}  ${ROLE_TEXT[role] ?? ""}`.trimEnd()),
    "",
    "Main settings (environment variables; see README, Configuration, for all of them):",
    ...keys.map((key) => {
      const fallback = key.default === undefined ? "" : ` [default: ${key.default}]`;
      return `  ${(key.env ?? "").padEnd(envWidth)}  ${plain(key.description)}${fallback}`;
    }),
    "",
    "With nothing set, kura runs the embedded Azure emulator with demo data and the worker.",
    "",
  ].join("\n");
}
