/**
 * VM references typed by users (a VM name or its ARM id), checked against Azure's naming rules before
 * anything else sees them. A pure function so the core can reject a bad name while parsing a command,
 * and the Azure adapter can check again at its edge: untrusted text never reaches a URL or an OData
 * `$filter` unvalidated.
 */
import { KuraError } from "./errors.ts";

/** A checked VM reference: a bare name, or an ARM id split into its parts. */
export type VmRef =
  | { kind: "name"; name: string }
  | { kind: "id"; id: string; subscriptionId: string; resourceGroup: string; name: string };

export type VmRefCheck = { ok: true; ref: VmRef } | { ok: false; reason: string };

/**
 * Azure's rule for `Microsoft.Compute/virtualMachines` names, narrowed to what kura accepts: 1–64
 * characters (the Linux limit; Windows computer names are shorter but the resource name is what we
 * match), ASCII letters, digits, `-`, `_`, `.`; not ending in `.` or `-`. kura also refuses a leading
 * `.` or `-` (Azure's portal does, and such a name reads like a path or an option).
 */
const VM_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;
/** Resource group names: 1–90 of letters, digits, `-`, `_`, `.`, `(`, `)`; not ending in `.` (ASCII only here). */
const RESOURCE_GROUP = /^[A-Za-z0-9_.()-]{0,89}[A-Za-z0-9_()-]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const VM_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)$/i;

const MAX_INPUT = 400;

/** Checks a VM name or ARM id; returns why it was refused instead of throwing. */
export function checkVmRef(input: string): VmRefCheck {
  if (typeof input !== "string" || input.length === 0) return { ok: false, reason: "the VM name is empty" };
  if (input.length > MAX_INPUT) return { ok: false, reason: "the VM reference is far too long" };
  if (input.startsWith("/")) return checkVmId(input);
  return checkName(input);
}

/**
 * Checks a VM name or ARM id; throws `INVALID_VM_NAME` (with what was wrong and how to fix it) when
 * it breaks Azure's rules. The offending text is never echoed back, so a hostile value can't reach
 * a log or a chat message through the error.
 */
export function parseVmRef(input: string): VmRef {
  const check = checkVmRef(input);
  if (check.ok) return check.ref;
  throw new KuraError("INVALID_VM_NAME", `Not a valid Azure VM name or id: ${check.reason}.`, {
    remedy:
      "Give the VM's name as Azure shows it (1–64 letters, digits, '-', '_' or '.', not ending in '.' or '-'), " +
      "or its full ARM id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>.",
  });
}

/** True when the string is an acceptable bare VM name (no ARM id). */
export function isValidVmName(name: string): boolean {
  return typeof name === "string" && VM_NAME.test(name);
}

function checkName(name: string): VmRefCheck {
  if (VM_NAME.test(name)) return { ok: true, ref: { kind: "name", name } };
  return { ok: false, reason: describeNameProblem(name) };
}

function checkVmId(id: string): VmRefCheck {
  const match = VM_ID.exec(id);
  if (!match) {
    return {
      ok: false,
      reason:
        "an ARM id must look like /subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/…",
    };
  }
  const [, subscriptionId = "", resourceGroup = "", name = ""] = match;
  if (!GUID.test(subscriptionId))
    return { ok: false, reason: "the subscription id in the ARM id is not a GUID" };
  if (!RESOURCE_GROUP.test(resourceGroup)) {
    return { ok: false, reason: "the resource group in the ARM id breaks Azure's naming rules" };
  }
  if (!VM_NAME.test(name)) return { ok: false, reason: `in the ARM id, ${describeNameProblem(name)}` };
  return { ok: true, ref: { kind: "id", id, subscriptionId, resourceGroup, name } };
}

function describeNameProblem(name: string): string {
  if (name.length === 0) return "the VM name is empty";
  if (name.length > 64) return "a VM name has at most 64 characters";
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return "the VM name contains control characters";
  if (/[\s]/u.test(name)) return "the VM name contains spaces";
  if (/[^A-Za-z0-9_.-]/.test(name)) return "a VM name may contain only letters, digits, '-', '_' and '.'";
  if (/[.-]$/.test(name)) return "a VM name can't end in '.' or '-'";
  return "a VM name can't start with '.' or '-'";
}
