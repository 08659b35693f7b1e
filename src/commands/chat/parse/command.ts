/** What `parseCommand` understands: one variant per `/backup` subcommand. */

/** Words that name a subcommand; none of them can be a VM name in a command. */
export const SUBCOMMANDS = [
  "status",
  "list",
  "history",
  "cancel",
  "gc",
  "snapshot",
  "audit",
  "help",
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** A help topic: a subcommand, or `backup` for the request itself. */
export type HelpTopic = Subcommand | "backup";

export type ParsedCommand =
  | { kind: "backup"; vm: string; retentionDays?: number; reason?: string }
  /** `target` is a request id or a VM; the service tells them apart (a request id wins). */
  | { kind: "status"; target?: string }
  | { kind: "list" }
  | { kind: "history"; vm?: string }
  | { kind: "cancel"; requestId: string }
  | { kind: "gc" }
  | { kind: "gc-open"; vm: string; hours: number }
  | { kind: "snapshot"; vm: string; keepDays?: number }
  | { kind: "audit"; count: number }
  | { kind: "help"; topic?: HelpTopic };

/** The grammar's bounds, shared with the help text and the tests. */
export const LIMITS = Object.freeze({
  /** Slack caps a slash command's text far above anything sensible; we stop reading long before. */
  maxTextLength: 2000,
  maxReasonLength: 500,
  retentionDays: { min: 1, max: 99 },
  snapshotKeepDays: { min: 1, max: 30 },
  /** An emergency GC window: at least GC's 24 h delay, at most three days of protection on. */
  gcOpenHours: { min: 24, max: 72, default: 48 },
  audit: { min: 1, max: 100, default: 20 },
});
