import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { editDistance } from "../../../src/commands/chat/parse/suggest.ts";
import { type ParsedCommand, parseCommand } from "../../../src/commands/chat/parse-command.ts";

const accepted: [string, ParsedCommand][] = [
  ["web-01", { kind: "backup", vm: "web-01" }],
  ["  web-01  ", { kind: "backup", vm: "web-01" }],
  [
    'web-01 --retain 7d --reason "before patch"',
    { kind: "backup", vm: "web-01", retentionDays: 7, reason: "before patch" },
  ],
  [
    "web-01 --reason “月例パッチ前” --retain 99d",
    { kind: "backup", vm: "web-01", retentionDays: 99, reason: "月例パッチ前" },
  ],
  ["web-01 --reason 「パッチ前」", { kind: "backup", vm: "web-01", reason: "パッチ前" }],
  ["web-01 --retain=1d", { kind: "backup", vm: "web-01", retentionDays: 1 }],
  ["web-01 —retain 30d", { kind: "backup", vm: "web-01", retentionDays: 30 }],
  [
    "web-01 --reason before the patch --retain 3d",
    { kind: "backup", vm: "web-01", retentionDays: 3, reason: "before the patch" },
  ],
  ["web-01 --reason 🔥 fire drill 🔥", { kind: "backup", vm: "web-01", reason: "🔥 fire drill 🔥" }],
  [
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/list",
    {
      kind: "backup",
      vm: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/list",
    },
  ],
  ["audit1 --retain 3d", { kind: "backup", vm: "audit1", retentionDays: 3 }],
  ["db", { kind: "backup", vm: "db" }],
  ["status", { kind: "status" }],
  ["STATUS web-01", { kind: "status", target: "web-01" }],
  ["status b-3f9a0c1b2d", { kind: "status", target: "b-3f9a0c1b2d" }],
  ["list", { kind: "list" }],
  ["history", { kind: "history" }],
  ["history web-01", { kind: "history", vm: "web-01" }],
  ["cancel b-3f9a0c1b2d", { kind: "cancel", requestId: "b-3f9a0c1b2d" }],
  ["gc", { kind: "gc" }],
  ["gc open web-01", { kind: "gc-open", vm: "web-01", hours: 48 }],
  ["gc open web-01 24h", { kind: "gc-open", vm: "web-01", hours: 24 }],
  ["gc OPEN web-01 72", { kind: "gc-open", vm: "web-01", hours: 72 }],
  ["snapshot web-01", { kind: "snapshot", vm: "web-01" }],
  ["snapshot web-01 --keep 30d", { kind: "snapshot", vm: "web-01", keepDays: 30 }],
  ["snapshot web-01 --keep 90d", { kind: "snapshot", vm: "web-01", keepDays: 90 }],
  ["audit", { kind: "audit", count: 20 }],
  ["audit 100", { kind: "audit", count: 100 }],
  ["help", { kind: "help" }],
  ["help history", { kind: "help", topic: "history" }],
  ["help backup", { kind: "help", topic: "backup" }],
];

describe("parseCommand accepts the grammar", () => {
  for (const [text, command] of accepted) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(parseCommand(text), { ok: true, command });
    });
  }
});

/** text → [problem key, usage key, params?] */
const refused: [string, string, string, Record<string, string | number>?][] = [
  ["", "parse.empty", "usage.overview"],
  ["   ", "parse.empty", "usage.overview"],
  ["hisory", "parse.didYouMean", "usage.history", { word: "hisory", suggestion: "history" }],
  ["lsit", "parse.didYouMean", "usage.list", { word: "lsit", suggestion: "list" }],
  ["stat", "parse.didYouMean", "usage.status", { word: "stat", suggestion: "status" }],
  ["snapshto", "parse.didYouMean", "usage.snapshot", { word: "snapshto", suggestion: "snapshot" }],
  ["gc opne web-01", "parse.didYouMeanSub", "usage.gc", { word: "opne", suggestion: "gc open" }],
  ["help hstory", "parse.didYouMeanSub", "usage.help", { word: "hstory", suggestion: "help history" }],
  [
    "web-01 --retian 7d",
    "parse.unknownOptionSuggest",
    "usage.backup",
    { option: "--retian", suggestion: "--retain" },
  ],
  ["web-01 --force", "parse.unknownOption", "usage.backup", { option: "--force" }],
  ["web-01 --retain 7d --retain 8d", "parse.duplicateOption", "usage.backup", { option: "--retain" }],
  ["web-01 --retain", "parse.missingValue", "usage.backup", { option: "--retain" }],
  ['web-01 --reason ""', "parse.missingValue", "usage.backup", { option: "--reason" }],
  ["web-01 --retain 0d", "parse.badRetention", "usage.backup", { min: 1, max: 99 }],
  ["web-01 --retain 100d", "parse.badRetention", "usage.backup", { min: 1, max: 99 }],
  ["web-01 --retain 7w", "parse.badRetention", "usage.backup", { min: 1, max: 99 }],
  ["web-01 --retain -3d", "parse.badRetention", "usage.backup", { min: 1, max: 99 }],
  [`web-01 --reason "${"x".repeat(501)}"`, "parse.reasonTooLong", "usage.backup", { max: 500 }],
  ["web-01 extra", "parse.unexpectedWord", "usage.backup", { word: "extra" }],
  ["--retain 7d", "parse.missingVm", "usage.backup"],
  ["status list", "parse.vmIsCommand", "usage.status", { word: "list" }],
  ["history gc", "parse.vmIsCommand", "usage.history", { word: "gc" }],
  ["snapshot audit", "parse.vmIsCommand", "usage.snapshot", { word: "audit" }],
  ["gc open help", "parse.vmIsCommand", "usage.gc", { word: "help" }],
  ["cancel", "parse.missingRequestId", "usage.cancel"],
  ["cancel ../../etc", "parse.invalidRequestId", "usage.cancel"],
  ["gc open", "parse.missingVm", "usage.gc"],
  ["gc open web-01 12h", "parse.badGcHours", "usage.gc", { min: 24, max: 72 }],
  ["gc open web-01 73h", "parse.badGcHours", "usage.gc", { min: 24, max: 72 }],
  ["gc now", "parse.unexpectedArgument", "usage.gc"],
  ["snapshot web-01 --keep 91d", "parse.badKeep", "usage.snapshot", { min: 1, max: 90 }],
  ["snapshot", "parse.missingVm", "usage.snapshot"],
  ["audit 0", "parse.badAuditCount", "usage.audit", { min: 1, max: 100 }],
  ["audit 101", "parse.badAuditCount", "usage.audit", { min: 1, max: 100 }],
  ["audit lots", "parse.badAuditCount", "usage.audit", { min: 1, max: 100 }],
  ["list everything", "parse.unexpectedArgument", "usage.list"],
  ["help me please", "parse.unexpectedWord", "usage.help", { word: "please" }],
];

describe("parseCommand refuses with a problem and the right usage", () => {
  for (const [text, key, usage, params] of refused) {
    it(JSON.stringify(text.slice(0, 60)), () => {
      const result = parseCommand(text);
      assert.equal(result.ok, false, JSON.stringify(result));
      if (result.ok) return;
      assert.equal(result.problem.key, key);
      assert.equal(result.usage.key, usage);
      if (params) assert.deepEqual(result.problem.params, params);
    });
  }
});

const hostile: [string, string][] = [
  ['"web-01', "parse.unterminatedQuote"],
  ["web-01 --reason “unfinished", "parse.unterminatedQuote"],
  ["web-01 --reason 「閉じない", "parse.unterminatedQuote"],
  ["web\u0000-01", "parse.controlCharacters"],
  ["web-01 --reason \u001b[31mred", "parse.controlCharacters"],
  ["web-01 --reason \u202eevil", "parse.controlCharacters"],
  ["x".repeat(10_000), "parse.tooLong"],
  [`web-01 --reason "${"🔥".repeat(5000)}"`, "parse.tooLong"],
  ["🔥", "parse.invalidVm"],
  ["web-01;rm -rf /", "parse.invalidVm"],
  ["<script>alert(1)</script>", "parse.invalidVm"],
  ["web-01' OR '1'='1", "parse.invalidVm"],
  ["-web-01", "parse.invalidVm"],
  ["web-01.", "parse.invalidVm"],
  ["/subscriptions/../../x", "parse.invalidVm"],
  ["a".repeat(65), "parse.invalidVm"],
  ["web-01 --<b>=1", "parse.unknownOptionUnnamed"],
];

describe("parseCommand answers hostile input with a problem, never a throw", () => {
  for (const [text, key] of hostile) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      const result = parseCommand(text);
      assert.equal(result.ok, false, JSON.stringify(result).slice(0, 200));
      if (!result.ok) assert.equal(result.problem.key, key);
    });
  }

  it("never echoes a hostile word back", () => {
    for (const [text] of hostile) {
      const result = parseCommand(text);
      if (!result.ok) assert.ok(!JSON.stringify(result.problem).includes("<script>"));
    }
  });

  it("survives a non-string at run time", () => {
    const result = parseCommand(undefined as unknown as string);
    assert.equal(result.ok, false);
  });
});

describe("editDistance", () => {
  it("counts an adjacent transposition as one edit", () => {
    assert.equal(editDistance("lsit", "list"), 1);
    assert.equal(editDistance("hisory", "history"), 1);
    assert.equal(editDistance("gc", "db"), 2);
    assert.equal(editDistance("", "abc"), 3);
  });
});
