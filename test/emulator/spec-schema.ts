/**
 * Validation against the official OpenAPI (Swagger 2.0) definitions in bms.json, with Ajv 8.
 *
 * - `$ref`s into `../../../../../common-types/...` resolve because bms.json gets an `$id` at its real
 *   relative place and types.json is added at the matching URL.
 * - Discriminators (`discriminator` + `x-ms-discriminator-value`) are made concrete: a reference to a base
 *   type dispatches on the discriminator value to the subtype, and an unknown value fails. Subtypes'
 *   `allOf` reference a copy of the base without the dispatch, which breaks the cycle.
 * - `undeclaredKeys` reports keys the spec does not declare (Swagger models allow extra keys, so Ajv alone
 *   would not notice a typo).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

/** The spec is vendored with its licence note (test/fixtures/vendor/azure/LICENSE-NOTE.md). */
const VENDOR = resolve(import.meta.dirname, "../fixtures/vendor/azure");
const SPEC_ROOT = `${VENDOR}/azure-rest-api-specs/specification`;
export const BMS_DIR = `${SPEC_ROOT}/recoveryservicesbackup/resource-manager/Microsoft.RecoveryServices/stable/2023-06-01`;
const BMS_ID =
  "https://spec.local/specification/recoveryservicesbackup/resource-manager/Microsoft.RecoveryServices/stable/2023-06-01/bms.json";
const TYPES_ID = "https://spec.local/specification/common-types/resource-management/v1/types.json";

type Schema = Record<string, unknown>;
type Defs = Record<string, Schema>;

const bms = JSON.parse(readFileSync(`${BMS_DIR}/bms.json`, "utf8")) as { definitions: Defs };
const types = JSON.parse(readFileSync(`${SPEC_ROOT}/common-types/resource-management/v1/types.json`, "utf8"));

/** Subtypes of each discriminated base, by discriminator value (transitively through allOf). */
function subtypesOf(base: string, defs: Defs): Map<string, string> {
  const out = new Map<string, string>();
  const inherits = (name: string, seen = new Set<string>()): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const all = (defs[name]?.allOf as { $ref?: string }[] | undefined) ?? [];
    return all.some(
      (a) =>
        a.$ref === `#/definitions/${base}` ||
        (a.$ref?.startsWith("#/definitions/") && inherits(a.$ref.slice(14), seen)),
    );
  };
  for (const [name, def] of Object.entries(defs)) {
    if (name !== base && inherits(name))
      out.set((def["x-ms-discriminator-value"] as string | undefined) ?? name, name);
  }
  return out;
}

function concreteDefinitions(): Defs {
  const defs = structuredClone(bms.definitions);
  const bases = Object.keys(defs).filter((n) => typeof defs[n]?.discriminator === "string");
  for (const base of bases) {
    const def = defs[base] as Schema;
    const prop = def.discriminator as string;
    const subs = subtypesOf(base, bms.definitions);
    defs[`${base}__base`] = { ...def };
    const values = [
      ...subs.keys(),
      ...(def["x-ms-discriminator-value"] ? [def["x-ms-discriminator-value"] as string] : []),
    ];
    defs[base] = {
      allOf: [
        { $ref: `#/definitions/${base}__base` },
        { required: [prop], properties: { [prop]: { enum: values } } },
        ...[...subs].map(([value, sub]) => ({
          if: { properties: { [prop]: { const: value } }, required: [prop] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
          then: { $ref: `#/definitions/${sub}` },
        })),
      ],
    };
  }
  // Subtypes inherit from the plain base, not the dispatching one.
  for (const [name, def] of Object.entries(defs)) {
    if (name.endsWith("__base")) continue;
    for (const a of (def.allOf as { $ref?: string }[] | undefined) ?? []) {
      const target = a.$ref?.slice(14);
      if (target && bases.includes(target) && name !== target) a.$ref = `#/definitions/${target}__base`;
    }
  }
  return defs;
}

const DEFS = concreteDefinitions();
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
// ISO 8601 allows a decimal fraction in the last component; Azure sends `PT9.8782791S` (EX:GetJobDetails).
ajv.addFormat("duration", /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/);
ajv.addSchema({ ...types, $id: TYPES_ID });
ajv.addSchema({ $id: BMS_ID, definitions: DEFS });

/** Ajv errors (empty when valid) of `body` against `#/definitions/{name}`. */
export function specErrors(name: string, body: unknown): string[] {
  const validate = ajv.getSchema(`${BMS_ID}#/definitions/${name}`);
  if (!validate) throw new Error(`no definition ${name}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** Paths of keys in `value` that the spec definition `name` (made concrete) does not declare. */
export function undeclaredKeys(name: string, value: unknown, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  if (Array.isArray(value)) return [];
  const declared = declaredProperties(name, value as Record<string, unknown>);
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const prop = declared.get(key);
    if (!prop) {
      out.push(`${path}/${key}`);
      continue;
    }
    const ref = refName(prop) ?? refName(prop.items as Schema | undefined);
    if (ref === undefined) continue;
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) out.push(...undeclaredKeys(ref, x, `${path}/${key}/${i}`));
    } else out.push(...undeclaredKeys(ref, v, `${path}/${key}`));
  }
  return out;
}

function refName(s: Schema | undefined): string | undefined {
  const ref = s?.$ref as string | undefined;
  return ref?.startsWith("#/definitions/") ? ref.slice(14) : undefined;
}

function declaredProperties(name: string, value: Record<string, unknown>): Map<string, Schema> {
  let def = bms.definitions[name] as Schema;
  const disc = def?.discriminator as string | undefined;
  if (disc && typeof value[disc] === "string") {
    const sub = subtypesOf(name, bms.definitions).get(value[disc] as string);
    if (sub) def = bms.definitions[sub] as Schema;
  }
  const out = new Map<string, Schema>();
  const visit = (d: Schema | undefined) => {
    if (!d) return;
    for (const a of (d.allOf as Schema[] | undefined) ?? []) visit(bms.definitions[refName(a) ?? ""]);
    for (const [k, v] of Object.entries((d.properties as Record<string, Schema> | undefined) ?? {}))
      out.set(k, v);
  };
  visit(def);
  return out;
}
