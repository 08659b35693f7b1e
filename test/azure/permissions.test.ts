/**
 * Least privilege: manifest/azure's role lists exactly the actions of the SDK operations kura calls.
 * The calls are read from src/azure (every `client(…).<group>.<method>(`), so a new call without its
 * grant, or a grant no call needs, fails here.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { actionsFor, SDK_OPERATION_ACTIONS } from "../../src/azure/permissions.ts";

const ROOT = join(import.meta.dirname, "../..");
const CALL = /client\([^)]*\)\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g;

function sdkCallsInSource(): Set<string> {
  const dir = join(ROOT, "src/azure");
  const calls = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    for (const match of readFileSync(join(dir, file), "utf8").matchAll(CALL))
      calls.add(`${match[1]}.${match[2]}`);
  }
  return calls;
}

const role = JSON.parse(
  readFileSync(join(ROOT, "manifest/azure/kura-backup-operator.role.json"), "utf8"),
) as {
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
};

test("every SDK operation kura calls has its actions in the table", () => {
  const calls = sdkCallsInSource();
  assert.ok(calls.size >= 10, `found the SDK calls (${[...calls].join(", ")})`);
  const missing = [...calls].filter((call) => !(call in SDK_OPERATION_ACTIONS));
  assert.deepEqual(missing, [], "add these to src/azure/permissions.ts");
  const unused = Object.keys(SDK_OPERATION_ACTIONS).filter((op) => !calls.has(op));
  assert.deepEqual(unused, [], "operations in the table that kura no longer calls");
});

test("the role grants exactly the actions of those operations", () => {
  const lower = (actions: string[]) => actions.map((a) => a.toLowerCase()).sort();
  assert.deepEqual(lower(role.Actions), lower(actionsFor(sdkCallsInSource())));
  assert.deepEqual(role.DataActions, []);
  assert.ok(role.Actions.includes("Microsoft.Compute/locations/diskOperations/read"), "snapshot polling");
});
