import type { ComputeGateway } from "../ports/compute-gateway.ts";
import type { RateLimiter } from "../ports/coordination.ts";

/** Snapshot writes draw from the same shared per-subscription ARM write bucket as backup writes. */
export function withComputeWriteLimit(compute: ComputeGateway, limiter: RateLimiter): ComputeGateway {
  const take = (subscriptionId: string, signal?: AbortSignal) =>
    limiter.acquire(`arm-writes:${subscriptionId}`, signal ? { signal } : {});
  return {
    getVm: (id, o) => compute.getVm(id, o),
    listSnapshots: (scope, tag, o) => compute.listSnapshots(scope, tag, o),
    async createSnapshot(spec, o) {
      await take(spec.subscriptionId, o?.signal);
      return compute.createSnapshot(spec, o);
    },
    async deleteSnapshot(scope, name, o) {
      await take(scope.subscriptionId, o?.signal);
      return compute.deleteSnapshot(scope, name, o);
    },
  };
}
