/** README's configuration table and kura.example.yaml are checked against the code, so docs cannot drift. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { renderConfigTable } from "../../scripts/config-table.ts";
import { CONFIG_KEYS, loadConfig } from "../../src/config.ts";

const root = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");

function readmeTable(): string {
  const match = /<!-- config:start -->\n([\s\S]*?)<!-- config:end -->/.exec(readme);
  assert.ok(match?.[1], "README.md has <!-- config:start --> and <!-- config:end --> markers");
  return match[1];
}

/** Table rows as trimmed cells, separator rows dropped, so column padding never matters. */
function rowsOf(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

test("README's configuration table lists exactly the exported keys", () => {
  const listed = rowsOf(readmeTable())
    .filter(([env]) => env !== "Environment")
    .map(([env, file]) => `${env} ${file}`.replaceAll("`", ""));
  const exported = CONFIG_KEYS.map(
    (k) => `${k.env ?? "—"} ${k.file ?? (k.secret ? "— (secret: environment only)" : "—")}`,
  );
  assert.deepEqual(listed.sort(), exported.sort());
});

test("README's configuration table is what scripts/config-table.ts prints (run it and paste)", () => {
  assert.deepEqual(rowsOf(readmeTable()), rowsOf(renderConfigTable()));
});

test("every key has a description, and names are unique", () => {
  for (const key of CONFIG_KEYS)
    assert.ok(key.description.length > 10, `${key.env ?? key.file} is described`);
  const envs = CONFIG_KEYS.flatMap((k) => (k.env ? [k.env] : []));
  assert.equal(new Set(envs).size, envs.length);
});

test("kura.example.yaml is a valid config file", () => {
  const config = loadConfig({ KURA_CONFIG_FILE: "kura.example.yaml" }, { cwd: root.pathname });
  assert.equal(config.vaults.length, 1);
  assert.deepEqual(config.managedVms, ["web-01", "web-02"]);
});
