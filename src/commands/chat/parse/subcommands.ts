/** One parser per subcommand (and the default: a backup request). */
import {
  type Args,
  isSubcommand,
  plainWord,
  type Read,
  readCount,
  readDays,
  readHours,
  readRequestId,
  readTarget,
  readVm,
} from "./args.ts";
import { type HelpTopic, LIMITS, type ParsedCommand, SUBCOMMANDS, type Subcommand } from "./command.ts";
import { args, done, isProblem, type ParseResult, problem, read } from "./result.ts";
import { closest } from "./suggest.ts";
import type { Token } from "./tokenize.ts";

export function parseBackup(vmToken: Token, rest: Token[]): ParseResult {
  const vm = read("backup", readVm(vmToken));
  if (isProblem(vm)) return vm;
  const a = args("backup", rest, { retain: "word", reason: "rest" }, 0);
  if (isProblem(a)) return a;
  const command: ParsedCommand = { kind: "backup", vm: vm as string };
  const retain = a.options.get("retain");
  if (retain !== undefined) {
    const { min, max } = LIMITS.retentionDays;
    const days = read("backup", readDays(retain, min, max, "parse.badRetention"));
    if (isProblem(days)) return days;
    command.retentionDays = days as number;
  }
  const reason = a.options.get("reason");
  if (reason !== undefined) {
    if (Array.from(reason).length > LIMITS.maxReasonLength) {
      return problem({ key: "parse.reasonTooLong", params: { max: LIMITS.maxReasonLength } }, "backup");
    }
    command.reason = reason;
  }
  return done(command);
}

/** A subcommand taking no options and at most one optional positional read by `reader`. */
function oneOptional<T>(
  topic: Subcommand,
  reader: (token: Token) => Read<T>,
  make: (value: T | undefined) => ParsedCommand,
) {
  return (tokens: Token[]): ParseResult => {
    const a = args(topic, tokens, {}, 1);
    if (isProblem(a)) return a;
    const token = a.positionals[0];
    if (!token) return done(make(undefined));
    const value = read(topic, reader(token));
    return isProblem(value) ? value : done(make(value as T));
  };
}

function oneRequired<T>(topic: Subcommand, missing: string, reader: (token: Token) => Read<T>) {
  return (tokens: Token[], make: (value: T, a: Args) => ParsedCommand | ParseResult): ParseResult => {
    const a = args(topic, tokens, topic === "snapshot" ? { keep: "word" } : {}, 1);
    if (isProblem(a)) return a;
    const token = a.positionals[0];
    if (!token) return problem({ key: missing }, topic);
    const value = read(topic, reader(token));
    if (isProblem(value)) return value;
    const made = make(value as T, a);
    return "kind" in made ? done(made) : made;
  };
}

function parseGc(tokens: Token[]): ParseResult {
  const [sub, ...rest] = tokens;
  if (!sub) return done({ kind: "gc" });
  if (sub.text.toLowerCase() !== "open") {
    const word = plainWord(sub.text);
    const meant = word ? closest(word, ["open"]) : undefined;
    if (word && meant)
      return problem({ key: "parse.didYouMeanSub", params: { word, suggestion: `gc ${meant}` } }, "gc");
    return problem({ key: "parse.unexpectedArgument" }, "gc");
  }
  const a = args("gc", rest, {}, 2);
  if (isProblem(a)) return a;
  const [vmToken, hoursToken] = a.positionals;
  if (!vmToken) return problem({ key: "parse.missingVm" }, "gc");
  const vm = read("gc", readVm(vmToken));
  if (isProblem(vm)) return vm;
  const { min, max, default: fallback } = LIMITS.gcOpenHours;
  if (!hoursToken) return done({ kind: "gc-open", vm: vm as string, hours: fallback });
  const hours = read("gc", readHours(hoursToken.text, min, max, "parse.badGcHours"));
  return isProblem(hours) ? hours : done({ kind: "gc-open", vm: vm as string, hours: hours as number });
}

export const SUBPARSERS: Record<Subcommand, (tokens: Token[]) => ParseResult> = {
  status: oneOptional("status", readTarget, (target) =>
    target ? { kind: "status", target } : { kind: "status" },
  ),
  list: oneOptional(
    "list",
    () => ({ ok: false, problem: { key: "parse.unexpectedArgument" } }),
    () => ({
      kind: "list",
    }),
  ),
  history: oneOptional("history", readVm, (vm) => (vm ? { kind: "history", vm } : { kind: "history" })),
  cancel: (tokens) =>
    oneRequired(
      "cancel",
      "parse.missingRequestId",
      readRequestId,
    )(tokens, (requestId) => ({
      kind: "cancel",
      requestId,
    })),
  gc: parseGc,
  snapshot: (tokens) =>
    oneRequired(
      "snapshot",
      "parse.missingVm",
      readVm,
    )(tokens, (vm, a) => {
      const keep = a.options.get("keep");
      if (keep === undefined) return { kind: "snapshot", vm };
      const { min, max } = LIMITS.snapshotKeepDays;
      const days = read("snapshot", readDays(keep, min, max, "parse.badKeep"));
      return isProblem(days) ? days : { kind: "snapshot", vm, keepDays: days as number };
    }),
  audit: oneOptional(
    "audit",
    (token) => readCount(token.text, LIMITS.audit.min, LIMITS.audit.max, "parse.badAuditCount"),
    (count) => ({ kind: "audit", count: count ?? LIMITS.audit.default }),
  ),
  help: oneOptional("help", readHelpTopic, (topic) => (topic ? { kind: "help", topic } : { kind: "help" })),
};

function readHelpTopic(token: Token): Read<HelpTopic> {
  const word = token.text.toLowerCase();
  if (word === "backup" || isSubcommand(word)) return { ok: true, value: word as HelpTopic };
  const plain = plainWord(word);
  const meant = plain ? closest(plain, [...SUBCOMMANDS, "backup"]) : undefined;
  return meant && plain
    ? {
        ok: false,
        problem: { key: "parse.didYouMeanSub", params: { word: plain, suggestion: `help ${meant}` } },
      }
    : { ok: false, problem: { key: "parse.unknownHelpTopic" } };
}
