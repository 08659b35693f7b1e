/**
 * The optional config file (`KURA_CONFIG_FILE`, YAML or JSON): reading it, checking its shape, and
 * turning zod issues into problems named by file path (`vaults[1].resourceGroup`).
 */
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import type { ConfigProblem } from "./error.ts";
import { fileAllowed, SCALARS, scalarSpec } from "./keys.ts";
import { GUID, qualifiedIdProblem, RESOURCE_GROUP, VAULT_NAME, VM_NAME } from "./rules.ts";

const text = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? "is required" : `must be ${what}`) }).trim();

/** Adds an issue for each repeated entry (compared case-insensitively, as Azure names are). */
function noRepeats<T>(keyOf: (item: T) => string, show: (item: T) => string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      const key = keyOf(item).toLowerCase();
      const at = first.get(key);
      if (at === undefined) first.set(key, i);
      else
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: `repeats ${show(item)}, already listed at [${at}]`,
        });
    });
  };
}

const vault = z.strictObject({
  subscriptionId: text("a subscription id (a GUID)")
    .regex(GUID, "must be a subscription id (a GUID)")
    .optional(),
  resourceGroup: text("a resource group name").regex(
    RESOURCE_GROUP,
    "must be a resource group name: up to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'",
  ),
  name: text("a vault name").regex(
    VAULT_NAME,
    "must be a vault name: 2-50 letters, digits or '-', starting with a letter",
  ),
  /** The policy to resume protection with when Azure's item no longer names one. */
  policy: text("a backup policy name").optional(),
});

/** A platform-qualified identity (`slack:U0123`, `teams:<AAD object id>`). */
const qualified = (kind: "user" | "group") =>
  text(`a ${kind} id qualified by platform`).superRefine((entry, ctx) => {
    const problem = qualifiedIdProblem(entry, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const list = <T extends z.ZodType>(item: T) =>
  z.array(item, {
    error: (iss) => (iss.input === null ? "must be a list (use [] for none)" : "must be a list"),
  });

/** The typed, structured part of the file. */
const structured = z.object({
  vaults: list(vault)
    .superRefine(
      noRepeats(
        (v) => `${v.subscriptionId ?? ""}/${v.resourceGroup}/${v.name}`,
        (v) => `vault ${v.name}`,
      ),
    )
    .optional(),
  managedVms: list(
    text("a VM name").regex(VM_NAME, "must be a VM name: letters, digits, '-', '_' or '.' (at most 64)"),
  )
    .superRefine(
      noRepeats(
        (n) => n,
        (n) => `"${n}"`,
      ),
    )
    .optional(),
  approvers: z
    .strictObject({
      users: list(qualified("user")),
      groups: list(qualified("group")),
      allowSelfApproval: z.boolean({ error: "must be true or false" }),
      // Before identities were qualified by platform; read only to say how to rewrite them.
      slackUsers: z.array(z.unknown()),
      slackGroups: z.array(z.unknown()),
    })
    .partial()
    .optional(),
  auditors: z
    .strictObject({
      users: list(qualified("user")),
      groups: list(qualified("group")),
    })
    .partial()
    .optional(),
});

export type FileSettings = z.output<typeof structured>;

const scalarValue = z.union([z.string(), z.number(), z.boolean()], {
  error: "must be a single value (text, number or true/false), not a list or mapping",
});

/** A tree of file keys: a leaf is a scalar setting, a branch a mapping. */
type KeyTree = Map<string, KeyTree | "scalar">;

/** Every scalar the file may hold, as a tree built from the key table (paths of any depth). */
const SCALAR_TREE: KeyTree = (() => {
  const root: KeyTree = new Map();
  for (const [path, spec] of Object.entries(SCALARS)) {
    if (!fileAllowed(spec)) continue;
    const parts = path.split(".");
    const leaf = parts.pop();
    let node = root;
    for (const part of parts) {
      const child = node.get(part);
      const next: KeyTree = child instanceof Map ? child : new Map();
      node.set(part, next);
      node = next;
    }
    if (leaf !== undefined) node.set(leaf, "scalar");
  }
  return root;
})();

/** Known keys of every mapping in the file, by dotted path ("" is the top level). */
const KNOWN = new Map<string, string[]>([
  ["approvers", ["users", "groups", "allowSelfApproval"]],
  ["auditors", ["users", "groups"]],
]);

function strictShape(tree: KeyTree, at: string): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, node] of tree) {
    const path = at === "" ? key : `${at}.${key}`;
    shape[key] =
      node === "scalar" ? scalarValue.optional() : z.strictObject(strictShape(node, path)).optional();
  }
  KNOWN.set(at, Object.keys(shape));
  return shape;
}

/** The whole file, strictly: every key known, every scalar a scalar. */
const strictFile = z.strictObject({ ...strictShape(SCALAR_TREE, ""), ...structured.shape });
KNOWN.set("", [...(KNOWN.get("") ?? []), ...Object.keys(structured.shape)]);

/** `["vaults", 1, "name"]` → `vaults[1].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/** A value as quoted in messages: short, on one line. */
export function show(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** The environment variable to use instead, for a file key that only the environment may set. */
function envOnly(path: string): string | undefined {
  const spec = scalarSpec(path);
  return spec && !fileAllowed(spec) ? spec.env : undefined;
}

function problemsOf(error: z.ZodError, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const at = formatPath(issue.path);
      for (const key of issue.keys) {
        const path = at === "" ? key : `${at}.${key}`;
        const env = envOnly(path);
        const hint = env
          ? `this setting is read only from the environment. Remove it from ${file} and set ${env} instead.`
          : `unknown key. Known keys here: ${(KNOWN.get(at) ?? []).join(", ")}. Fix the spelling in ${file}.`;
        problems.push({ key: path, message: hint });
      }
      continue;
    }
    const input = issue.input;
    const got = input === undefined || typeof input === "object" ? "" : ` (got ${show(input)})`;
    problems.push({
      key: formatPath(issue.path) || "(file)",
      message: `${issue.message}${got}. Fix it in ${file}.`,
    });
  }
  return problems;
}

/**
 * The file as read: `raw` is the document (for scalar lookups by path) whenever it parsed, even if
 * its shape has problems, so settings elsewhere in it are still checked and reported.
 */
export type ReadFile =
  | { ok: true; raw: Record<string, unknown>; settings: FileSettings }
  | { ok: false; raw: Record<string, unknown> | undefined; problems: ConfigProblem[] };

/** Reads and checks the config file; returns problems instead of throwing. */
export function readConfigFile(file: string, readFile: (path: string) => string): ReadFile {
  const fail = (message: string): ReadFile => ({
    ok: false,
    raw: undefined,
    problems: [{ key: "KURA_CONFIG_FILE", message }],
  });
  let source: string;
  try {
    source = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? fail(`file not found: ${file}. Create it (kura.example.yaml is a start) or unset KURA_CONFIG_FILE.`)
      : fail(`cannot read ${file} (${code ?? "error"}). Check the path and its permissions.`);
  }
  let document: unknown;
  const format = extname(file).toLowerCase() === ".json" ? "JSON" : "YAML";
  try {
    document = format === "JSON" ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    const detail = String((error as Error).message).split("\n")[0];
    return fail(`${file} is not valid ${format}: ${detail}. Fix the syntax.`);
  }
  document ??= {};
  if (typeof document !== "object" || Array.isArray(document)) {
    return fail(
      `${file} must hold a mapping of settings (like kura.example.yaml), not a ${typeof document}.`,
    );
  }
  const raw = document as Record<string, unknown>;
  const checked = strictFile.safeParse(raw, { reportInput: true });
  if (!checked.success) return { ok: false, raw, problems: problemsOf(checked.error, file) };
  return { ok: true, raw, settings: structured.parse(raw) };
}

/** The scalar at a dotted path of the raw file, as text; undefined when absent. */
export function scalarAt(raw: Record<string, unknown>, path: string): string | undefined {
  let node: unknown = raw;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" || typeof node === "number" || typeof node === "boolean"
    ? String(node)
    : undefined;
}
