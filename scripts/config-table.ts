/**
 * Prints README's configuration table from the key metadata in src/config, so the two cannot drift
 * (test/unit/config-readme.test.ts compares them). Usage: `node scripts/config-table.ts`, then paste
 * the output between README's `<!-- config:start -->` and `<!-- config:end -->` markers.
 */
import { CONFIG_KEYS, type ConfigKey } from "../src/config.ts";

const cell = (text: string): string => text.replaceAll("|", "\\|");
const code = (text: string | undefined): string => (text === undefined || text === "" ? "" : `\`${text}\``);

function cells(key: ConfigKey): string[] {
  const env = key.env === undefined ? "—" : code(key.env);
  const file = key.file === undefined ? (key.secret ? "— (secret: environment only)" : "—") : code(key.file);
  const fallback = key.default === undefined ? "—" : code(key.default);
  return [env, file, cell(fallback), cell(key.description)];
}

/** A Markdown table with padded columns, as Biome formats Markdown, so a pasted table stays lint-clean. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** The Markdown block that sits between README's config markers. */
export function renderConfigTable(keys: readonly ConfigKey[] = CONFIG_KEYS): string {
  const out: string[] = [];
  for (const group of new Set(keys.map((k) => k.group))) {
    const rows = keys.filter((k) => k.group === group).map(cells);
    out.push(`#### ${group}`, "", ...table(["Environment", "File key", "Default", "Description"], rows), "");
  }
  return out.join("\n");
}

if (import.meta.main) process.stdout.write(renderConfigTable());
