/**
 * What kura hands to Teams, checked against Microsoft's own schemas (vendored under
 * test/fixtures/vendor/chat, see its LICENSE-NOTE.md): every kind of card kura sends, filled with
 * the longest hostile input a user can give (500 `&`, right-to-left overrides, zero-width
 * characters), validates as an Adaptive Card 1.5 and stays under Teams' message size; the app
 * manifest validates against the Teams manifest schema v1.29, and the package is what Teams reads.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { inflateRawSync } from "node:zlib";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { MANIFEST_DIR, teamsManifest, teamsPackage } from "../../../scripts/teams-package.ts";
import { VERBS } from "../../../src/bot/teams/cards.ts";
import { cardOf } from "../../../src/bot/teams/outbound.ts";
import { SUBCOMMANDS } from "../../../src/commands/chat/parse/command.ts";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import type { SystemNotice } from "../../../src/commands/chat/system-notice.ts";
import type { Locale, RequestView } from "../../../src/commands/chat/types.ts";
import type { Outbound } from "../../../src/commands/ports/chat-sender.ts";

const VENDOR = new URL("../../fixtures/vendor/chat/schemas/", import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, VENDOR), "utf8"));
const require = createRequire(import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

function cardValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  const card = schema("adaptive-card-1.5.0.json");
  delete card.id; // draft-04's `id`, which Ajv 8 refuses
  return ajv.compile(card);
}

const HOSTILE = `${"&".repeat(480)}\u202e\u200b<at>x</at>[link](https://evil.example)\u200f**`.slice(0, 500);
const render = (message: Parameters<typeof renderMessage>[0], locale: Locale) =>
  renderMessage(message, locale);
const hostile = (key: string) => ({ key, params: { vm: HOSTILE, by: HOSTILE, reason: HOSTILE, count: 150 } });

const view: RequestView = {
  requestId: "b-0123456789",
  version: 3,
  status: "pending",
  title: hostile("title.pending"),
  facts: Array.from({ length: 40 }, (_, i) => ({ label: hostile(`fact.${i}`), value: HOSTILE })),
  notes: [
    { level: "info", text: hostile("note.info") },
    { level: "warning", text: hostile("note.warning") },
    { level: "error", text: hostile("note.error") },
  ],
  progress: { text: hostile("progress"), percent: 140 },
  actions: ["approve", "reject", "cancel"],
};
const notice: SystemNotice = {
  text: hostile("system.rp-warning"),
  details: Array.from({ length: 12 }, () => hostile("detail")),
  action: { action: "request-emergency-window", vm: HOSTILE, label: hostile("action.requestEmergency") },
};
const KINDS: [string, Outbound][] = [
  ["card", { kind: "card", view }],
  [
    "card without actions",
    { kind: "card", view: { ...view, actions: [], progress: { text: hostile("p") } } },
  ],
  ["line", { kind: "line", text: hostile("event.rejectedWithReason") }],
  ["notice", { kind: "notice", notice }],
  [
    "burst",
    {
      kind: "burst",
      title: hostile("summary.rp-warning"),
      notices: Array(30).fill(notice),
      more: hostile("summary.more"),
    },
  ],
  [
    "private",
    {
      kind: "private",
      text: hostile("delivery.undeliverable"),
      remedy: hostile("teams.remedy.notInstalled"),
    },
  ],
];

test("every card kind kura sends, with the longest hostile input, is a valid Adaptive Card 1.5 under Teams' 28 KB", () => {
  const validate = cardValidator();
  for (const locale of ["en", "ja"] as const) {
    for (const [kind, content] of KINDS) {
      const card = cardOf(content, locale, render);
      assert.ok(validate(card), `${kind} (${locale}): ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      assert.equal(card.version, "1.5");
      assert.ok(Buffer.byteLength(JSON.stringify(card)) < 28_000, `${kind} (${locale}) is too large`);
      assert.ok(JSON.stringify(card).includes("&&&&"), `${kind}: user text is kept, not dropped`);
    }
  }
  const card = cardOf({ kind: "card", view }, "en", render);
  assert.equal(validate({ ...card, msteams: { width: "Full" } }), false, "the schema is strict");
  const reject = card.actions?.find((a) => a.type === "Action.ShowCard");
  assert.equal(reject?.card.body[0].type, "Input.Text");
  assert.equal(reject?.card.body[0].maxLength, 500);
  assert.equal(reject?.card.actions[0].verb, VERBS.reject);
});

test("the app manifest validates against the Teams manifest schema v1.29 with the bot id filled in", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const teams = schema("MicrosoftTeams.schema-v1.29.json");
  delete teams.$schema; // draft-04, which Ajv 8 does not ship; its keywords here read the same in draft-07
  const validate = ajv.compile(teams);
  const checkedIn = JSON.parse(readFileSync(`${MANIFEST_DIR}/manifest.json`, "utf8"));
  assert.ok(validate(checkedIn), JSON.stringify(validate.errors));
  const appId = "5d3c0f7e-1111-4a2b-9c3d-0123456789ab";
  const manifest = teamsManifest({ appId, domain: "kura.contoso.com", version: "1.2.3" });
  assert.ok(validate(manifest), JSON.stringify(validate.errors));
  assert.equal(manifest.id, appId);
  assert.equal(manifest.bots[0].botId, appId);
  assert.deepEqual(manifest.validDomains, ["kura.contoso.com"]);
  const titles = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
  // Every subcommand the core's parser knows, after the request itself: a new one fails here until
  // the manifest lists it too.
  assert.deepEqual(titles, ["backup", ...SUBCOMMANDS]);
});

/** Width, height, colour type and RGBA rows of a PNG kura wrote (8-bit RGBA, filter 0). */
function readPng(file: Buffer) {
  assert.deepEqual([...file.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const width = file.readUInt32BE(16);
  const height = file.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at);
    if (file.toString("latin1", at + 4, at + 8) === "IDAT") idat.push(file.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const { inflateSync } = require("node:zlib") as typeof import("node:zlib");
  return { width, height, colourType: file[25], pixels: inflateSync(Buffer.concat(idat)) };
}

test("icons: colour 192×192; outline 32×32, white on transparent", () => {
  const color = readPng(readFileSync(`${MANIFEST_DIR}/color.png`));
  assert.deepEqual([color.width, color.height], [192, 192]);
  const outline = readPng(readFileSync(`${MANIFEST_DIR}/outline.png`));
  assert.deepEqual([outline.width, outline.height, outline.colourType], [32, 32, 6]);
  let transparent = 0;
  let white = 0;
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const at = y * (32 * 4 + 1) + 1 + x * 4;
      const [r, g, b, a] = outline.pixels.subarray(at, at + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255 && a === 255) white++;
      else assert.fail(`outline pixel ${x},${y} is neither white nor transparent`);
    }
  }
  assert.ok(transparent > 500 && white > 30, `${transparent} transparent, ${white} white`);
});

test("the package is a zip with manifest.json and both icons at the top level", () => {
  const appId = "5d3c0f7e-1111-4a2b-9c3d-0123456789ab";
  const archive = teamsPackage({ appId });
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const nameLength = archive.readUInt16LE(at + 28);
    const name = archive.toString("utf8", at + 46, at + 46 + nameLength);
    const local = archive.readUInt32LE(at + 42);
    const size = archive.readUInt32LE(at + 20);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    entries.set(name, inflateRawSync(archive.subarray(start, start + size)));
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  assert.deepEqual([...entries.keys()], ["manifest.json", "color.png", "outline.png"]);
  assert.equal(JSON.parse(String(entries.get("manifest.json"))).bots[0].botId, appId);
  assert.deepEqual(entries.get("outline.png"), readFileSync(`${MANIFEST_DIR}/outline.png`));
});
