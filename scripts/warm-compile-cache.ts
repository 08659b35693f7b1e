/**
 * Fills Node's compile cache (NODE_COMPILE_CACHE) with every kura module, so that a kura process that
 * starts later reads them compiled, TypeScript already stripped, and never loads Node's TypeScript
 * stripper (~20 MB of WebAssembly that stays in the process once loaded; one module missing from the
 * cache is enough to load it). The Docker image runs this at build time, bench/lifecycles.ts before it
 * starts its worker. Run it with each set of Node flags kura runs with (scripts/launch.cjs
 * `KURA_NODE_FLAGS`, per role, and none): the cache keeps one folder per set of V8 flags.
 *
 * Usage: NODE_COMPILE_CACHE=DIR node --optimize-for-size scripts/warm-compile-cache.ts [extra.ts …]
 * Every module under src/ is imported except the entry points (they start kura when imported), and the
 * packages kura imports only on first use. Extra modules are imported too; an error they throw when
 * evaluated is ignored (their imports are compiled, and cached, before they run).
 */
import { readdirSync } from "node:fs";
import { flushCompileCache, getCompileCacheDir } from "node:module";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
/** Modules that start something when imported. */
const ENTRY_POINTS = new Set(["src/main.ts", "src/azure/emulator/main.ts"]);
/** Packages kura loads on first use (src/azure/credential.ts, src/azure/create-compute-gateway.ts). */
const LOADED_ON_FIRST_USE = ["@azure/identity", "@azure/arm-compute"];

if (!getCompileCacheDir()) {
  console.error("warm-compile-cache: set NODE_COMPILE_CACHE to a writable folder");
  process.exit(1);
}

function modulesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modulesUnder(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const own = modulesUnder(join(ROOT, "src")).filter((path) => !ENTRY_POINTS.has(relative(ROOT, path)));
for (const path of own) await import(pathToFileURL(path).href);
for (const name of LOADED_ON_FIRST_USE) await import(name);
for (const extra of process.argv.slice(2)) await import(pathToFileURL(resolve(extra)).href).catch(() => {});
flushCompileCache();
console.log(
  `compile cache: ${own.length} kura modules and ${LOADED_ON_FIRST_USE.length} packages in ${getCompileCacheDir()}`,
);
// A module may have left a timer or a handle behind: the cache is written, so nothing is lost.
process.exit(0);
