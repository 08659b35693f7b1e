/**
 * Prints README's configuration table from the key metadata in src/config, so the two cannot drift
 * (test/unit/config-readme.test.ts compares them). Usage: `node scripts/config-table.ts`, then paste
 * the output between README's `<!-- config:start -->` and `<!-- config:end -->` markers.
 */
import { CONFIG_KEYS, type ConfigKey } from "../src/config.ts";

const cell = (text: string): string => text.replaceAll("|", "\\|");
const code = (text: string | undefined): string => (text === undefined || text === "" ? "" : `\`${text}\``);

function row(key: ConfigKey): string {
  const env = key.env === undefined ? "—" : code(key.env);
  const file = key.file === undefined ? (key.secret ? "— (secret: environment only)" : "—") : code(key.file);
  const fallback = key.default === undefined ? "—" : code(key.default);
  return `| ${env} | ${file} | ${cell(fallback)} | ${cell(key.description)} |`;
}

/** The Markdown block that sits between README's config markers. */
export function renderConfigTable(keys: readonly ConfigKey[] = CONFIG_KEYS): string {
  const out: string[] = [];
  for (const group of new Set(keys.map((k) => k.group))) {
    out.push(`#### ${group}`, "", "| Environment | File key | Default | Description |", "|---|---|---|---|");
    for (const key of keys.filter((k) => k.group === group)) out.push(row(key));
    out.push("");
  }
  return out.join("\n");
}

if (import.meta.main) process.stdout.write(renderConfigTable());
