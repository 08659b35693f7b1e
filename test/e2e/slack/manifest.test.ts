/** The Slack app manifest validates against Slack's published schema and matches what kura serves. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { COMMAND } from "../../../src/bot/slack/commands.ts";

const root = new URL("../../../", import.meta.url);
// Vendored with its licence note (test/fixtures/vendor/chat/LICENSE-NOTE.md).
const schemaUrl = new URL("test/fixtures/vendor/chat/schemas/slack-manifest.schema.1.0.0.json", root);
const manifest = parse(readFileSync(new URL("manifest/slack/manifest.yaml", root), "utf8"));

test("manifest/slack/manifest.yaml is valid against the Slack manifest schema 1.0.0", () => {
  // strict: false — the schema uses non-standard keywords (`regex`) and formats Ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaUrl, "utf8")));
  assert.ok(validate(manifest), JSON.stringify(validate.errors, null, 2));
});

test("the manifest declares the command kura serves, interactivity, and only the scopes kura uses", () => {
  assert.deepEqual(
    manifest.features.slash_commands.map((c: { command: string }) => c.command),
    [COMMAND],
  );
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.deepEqual(manifest.oauth_config.scopes.bot.toSorted(), [
    "chat:write",
    "chat:write.public",
    "commands",
    "usergroups:read",
    "users:read",
  ]);
  // Bolt's HTTPReceiver serves commands and interactions on one endpoint.
  assert.equal(manifest.settings.interactivity.request_url, manifest.features.slash_commands[0].url);
  assert.match(manifest.settings.interactivity.request_url, /\/slack\/events$/);
});
