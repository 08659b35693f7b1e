/** What `parseCommand` understands: one variant per `/backup` subcommand. */
import {
  DEFAULT_EMERGENCY_HOURS,
  MAX_EMERGENCY_HOURS,
  MIN_EMERGENCY_HOURS,
} from "../../gc/emergency-window.ts";
import { MAX_KEEP_DAYS, MIN_KEEP_DAYS } from "../../snapshot/request-snapshot.ts";

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
  /** The snapshot use case's own bounds: the parser and `requestSnapshot` never disagree. */
  snapshotKeepDays: { min: MIN_KEEP_DAYS, max: MAX_KEEP_DAYS },
  /** An emergency GC window (the use case's bounds): at least GC's 24 h delay, at most three days. */
  gcOpenHours: { min: MIN_EMERGENCY_HOURS, max: MAX_EMERGENCY_HOURS, default: DEFAULT_EMERGENCY_HOURS },
  audit: { min: 1, max: 100, default: 20 },
});
