/**
 * The architecture rules `npm test` enforces catch each break they exist for: dependency-cruiser on a
 * throwaway copy of the repository's layout (a temporary directory with `src/commands`, `src/bot`…),
 * Biome on a fixture given by path through stdin. Nothing is written into the repository.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";

const ROOT = resolve(import.meta.dirname, "../..");
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
const BIOME = join(ROOT, "node_modules/.bin/biome");

/** `files` (repository paths → text) in a fresh temporary directory, removed after the test. */
function layout(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "kura-rules-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs dependency-cruiser with kura's rules over `files` laid out in a temporary repository. */
function cruise(
  t: { after(fn: () => void): void },
  files: Record<string, string>,
): { ok: boolean; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "kura-rules-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tsconfig = {
    compilerOptions: { module: "nodenext", allowImportingTsExtensions: true, noEmit: true },
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, "src", "--config", join(ROOT, ".dependency-cruiser.cjs")],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}` };
}

/** Runs Biome's linter with kura's biome.json over `files` laid out in a temporary repository. */
function lint(
  t: { after(fn: () => void): void },
  files: Record<string, string>,
): { ok: boolean; out: string } {
  const dir = layout(t, files);
  writeFileSync(join(dir, "biome.json"), readFileSync(join(ROOT, "biome.json")));
  const run = spawnSync(BIOME, ["lint", "--vcs-enabled=false", "src"], { cwd: dir, encoding: "utf8" });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}` };
}

const BOT_TYPE = "export interface SlackThing { ts: string }\n";

test("a type-only import from an adapter into the core fails the dependency rules", (t) => {
  const clean = cruise(t, {
    "src/bot/slack/thing.ts": BOT_TYPE,
    "src/commands/ports/thing.ts": "export interface Thing { id: string }\n",
    "src/commands/use.ts": 'import type { Thing } from "./ports/thing.ts";\nexport type Used = Thing;\n',
  });
  assert.ok(clean.ok, clean.out);
  const broken = cruise(t, {
    "src/bot/slack/thing.ts": BOT_TYPE,
    "src/commands/use.ts":
      'import type { SlackThing } from "../bot/slack/thing.ts";\nexport type Used = SlackThing;\n',
  });
  assert.equal(broken.ok, false);
  assert.match(broken.out, /core-no-adapter-types/);
});

test("an adapter importing src/config.ts or src/config/ fails the dependency rules", (t) => {
  for (const [from, to] of [
    ["src/store/reads-config.ts", "../config.ts"],
    ["src/bot/slack/reads-config.ts", "../../config/types.ts"],
  ] as const) {
    const broken = cruise(t, {
      "src/config.ts": "export const config = { port: 3000 };\n",
      "src/config/types.ts": "export interface KuraConfig { port: number }\n",
      [from]: `import type * as config from "${to}";\nexport type Seen = typeof config;\n`,
    });
    assert.equal(broken.ok, false, `${from} → ${to}`);
    assert.match(broken.out, /only-roots-import-config/);
  }
});

test("process.env outside src/config* fails the lint; inside it does not", (t) => {
  const reads = "export const port = process.env.KURA_HTTP_PORT;\n";
  for (const path of [
    "src/bot/slack/env-fixture.ts",
    "src/commands/env-fixture.ts",
    "src/store/env-fixture.ts",
  ]) {
    const broken = lint(t, { [path]: reads });
    assert.equal(broken.ok, false, path);
    assert.match(broken.out, /noProcessEnv/);
  }
  const allowed = lint(t, { "src/config/env-fixture.ts": reads, "src/config.ts": reads });
  assert.ok(allowed.ok, allowed.out);
});
