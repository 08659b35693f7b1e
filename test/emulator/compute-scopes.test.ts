import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ComputeStore, computeKey } from "../../src/azure/emulator/compute/model.ts";

const SUB = "00000000-0000-0000-0000-000000000001";

describe("emulator compute store: subscription and resource group scopes", () => {
  it("knows a scope while anything lives in it, and forgets it with the last thing in it", () => {
    const compute = new ComputeStore();
    assert.equal(compute.hasSubscription(SUB, []), false);
    const snapshot = computeKey(SUB, "RG-Snaps", "snap-1");
    compute.snapshots.set(snapshot, {} as never);
    compute.snapshots.set(snapshot, {} as never); // replaced, not counted twice
    assert.equal(compute.hasSubscription(SUB, []), true);
    assert.equal(compute.hasResourceGroup(SUB, "rg-snaps", []), true);
    assert.equal(compute.hasResourceGroup(SUB, "rg-other", []), false);
    compute.snapshots.delete(snapshot);
    assert.equal(compute.hasResourceGroup(SUB, "rg-snaps", []), false);
    assert.equal(compute.hasSubscription(SUB, []), false);
  });

  it("counts a vault's resource group and subscription too", () => {
    const compute = new ComputeStore();
    const vaults = [`${SUB}/rg-vaults/rsv-1`.toLowerCase()];
    assert.equal(compute.hasResourceGroup(SUB, "RG-Vaults", vaults), true);
    assert.equal(
      compute.hasResourceGroup(SUB, "rg-vault", vaults),
      false,
      "a prefix of a name is not its scope",
    );
    assert.equal(compute.hasSubscription(SUB, vaults), true);
  });
});
