/**
 * The rooms and their arrows (see ARCHITECTURE.md). Adapters depend on the core, never the reverse;
 * only composition roots (src/main.ts, src/compose/) know every adapter.
 */
const PLATFORM_PACKAGES = "^(@slack/|botbuilder|bullmq|ioredis|@azure/)";
const ROOTS = "^src/(main\\.ts|compose/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "core-imports-only-itself",
      comment: "src/commands is chat-, queue- and cloud-agnostic: it imports only itself and pure libraries.",
      severity: "error",
      from: { path: "^src/commands/" },
      to: {
        pathNot: ["^src/commands/", "^node_modules/(luxon|zod)/", "^node:"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "core-no-adapter-types",
      comment:
        "Not even a type-only import from an adapter into the core: the core defines ports, adapters implement them.",
      severity: "error",
      from: { path: "^src/commands/" },
      to: { path: "^src/(bot|store|worker|azure|compose|main\\.ts|config\\.ts|config/)" },
    },
    {
      name: "core-no-platform-types",
      severity: "error",
      from: { path: "^src/commands/" },
      to: { path: `^node_modules/${PLATFORM_PACKAGES.slice(1)}` },
    },
    {
      name: "adapters-do-not-import-each-other",
      comment: "bot, worker, azure and store meet only through the core's ports and the composition roots.",
      severity: "error",
      from: { path: "^src/(bot|worker|azure|store)/" },
      to: { path: "^src/(bot|worker|azure|store)/", pathNot: ["^src/$1/"] },
    },
    {
      name: "emulator-is-private",
      comment: "Nothing in src uses the emulator except its own files and the composition roots.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/azure/emulator/", ROOTS] },
      to: { path: "^src/azure/emulator/" },
    },
    {
      name: "emulator-stands-alone",
      comment: "The emulator models Azure; it must not lean on kura's own code.",
      severity: "error",
      from: { path: "^src/azure/emulator/" },
      to: { path: "^src/", pathNot: ["^src/azure/emulator/"] },
    },
    {
      name: "only-roots-import-config",
      comment:
        "Only composition roots import src/config.ts or src/config/; the core and the adapters get config values passed in.",
      severity: "error",
      from: { path: "^src/(commands|bot|store|worker|azure)/" },
      to: { path: "^src/config(\\.ts$|/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
