import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { en } from "../../../src/commands/chat/messages/en.ts";
import { ja } from "../../../src/commands/chat/messages/ja.ts";
import { SUBCOMMANDS } from "../../../src/commands/chat/parse-command.ts";
import { formatInstant, PLACEHOLDER, renderMessage } from "../../../src/commands/chat/render-message.ts";

const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[0]).sort();

describe("message catalogs", () => {
  it("English and Japanese have exactly the same keys", () => {
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  });

  it("every key has the same placeholders (and formats) in both languages", () => {
    for (const [key, text] of Object.entries(en)) {
      assert.deepEqual(placeholders(ja[key as keyof typeof en]), placeholders(text), key);
    }
  });

  it("has no stray braces a placeholder typo would leave", () => {
    for (const catalog of [en, ja]) {
      for (const [key, text] of Object.entries(catalog)) {
        assert.doesNotMatch(text.replace(PLACEHOLDER, ""), /[{}]/, key);
      }
    }
  });

  it("has a usage for every subcommand and for the request itself", () => {
    for (const topic of [...SUBCOMMANDS, "backup", "overview"]) assert.ok(`usage.${topic}` in en, topic);
  });

  it("writes Japanese as the Japanese Azure portal does", () => {
    assert.match(ja["protection.ProtectionStopped"], /保護の停止/);
    assert.match(ja["fact.recoveryPoint"], /復元ポイント/);
    assert.match(ja["fact.azureJob"], /バックアップ ジョブ/);
    assert.match(ja["problem.SELF_APPROVAL"], /ません。.*ください。$/);
  });
});

describe("renderMessage", () => {
  it("fills parameters and looks up formatted values per locale", () => {
    const message = { key: "problem.ALREADY_DECIDED", params: { id: "b-1", status: "rejected" } };
    assert.equal(renderMessage(message, "en"), "Request `b-1` is already rejected.");
    assert.equal(renderMessage(message, "ja"), "リクエスト `b-1` はすでに却下済みです。");
  });

  it("shows instants in the reader's time zone, Tokyo by default", () => {
    const message = { key: "value.time", params: { at: "2026-11-26T03:00:00.000Z" } };
    assert.equal(renderMessage(message, "ja"), "2026-11-26 12:00 JST");
    assert.equal(renderMessage(message, "en", { timeZone: "UTC" }), "2026-11-26 03:00 UTC");
    assert.equal(renderMessage(message, "en", { timeZone: "America/New_York" }), "2026-11-25 22:00 EST");
    assert.equal(formatInstant("not a date"), "not a date");
  });

  it("never throws on unknown keys or missing parameters", () => {
    assert.equal(renderMessage({ key: "no.such.key" }, "ja"), "no.such.key");
    assert.equal(renderMessage({ key: "reply.cancelled" }, "en"), "Request `{id}` is cancelled.");
    assert.equal(renderMessage({ key: "value.protection", params: { state: "Weird" } }, "en"), "Weird");
    assert.equal(renderMessage({ key: "toString" }, "en"), "toString");
  });
});
