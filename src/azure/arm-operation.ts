/**
 * What an ARM request does, in resource types rather than names: `PUT
 * Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/{name}`. The
 * same reading gives the RBAC action a request needs (`…/protectedItems/write`), so metrics label
 * Azure calls without leaking resource names, and the role in manifest/azure is checked against it.
 */

export interface ArmOperation {
  /** Method, provider namespace and resource types; `/{name}` when one resource is addressed. */
  operation: string;
  /** The RBAC action ARM checks for it. */
  action: string;
}

const VERB: Record<string, string> = {
  GET: "read",
  HEAD: "read",
  PUT: "write",
  PATCH: "write",
  DELETE: "delete",
};

/**
 * Reads a request URL. Types sit at even positions after `providers/<namespace>/`; an odd count
 * means a collection (or, for POST, an action name such as `backup` or `cancel`).
 */
export function armOperationOf(method: string, url: string): ArmOperation {
  const verb = method.toUpperCase();
  let segments: string[];
  try {
    segments = new URL(url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return { operation: `${verb} unknown`, action: "unknown" };
  }
  const at = segments.findIndex((s) => s.toLowerCase() === "providers");
  const namespace = at >= 0 ? segments[at + 1] : undefined;
  if (at < 0 || !namespace) return { operation: `${verb} unknown`, action: "unknown" };
  const rest = segments.slice(at + 2);
  const types = rest.filter((_, i) => i % 2 === 0);
  const named = rest.length % 2 === 0;
  if (verb === "POST") {
    return {
      operation: `POST ${namespace}/${types.join("/")}`,
      action: `${namespace}/${types.join("/")}/action`,
    };
  }
  return {
    operation: `${verb} ${namespace}/${types.join("/")}${named ? "/{name}" : ""}`,
    action: `${namespace}/${types.join("/")}/${VERB[verb] ?? "action"}`,
  };
}
