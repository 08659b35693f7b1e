import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KuraError } from "../../src/commands/errors.ts";
import { checkVmRef, isValidVmName, parseVmRef } from "../../src/commands/vm-name.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
const vmId = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;

describe("VM name validation", () => {
  it("accepts Azure-valid names", () => {
    for (const name of ["web-01", "WEB_01", "a", "db.prod.01", "x".repeat(64), "_tmp"]) {
      assert.deepEqual(parseVmRef(name), { kind: "name", name }, name);
    }
  });

  const hostile: [string, string, RegExp][] = [
    ["quote", "web'01", /letters, digits/],
    ["slash", "a/b", /letters, digits/],
    ["NUL", "x\u0000", /control characters/],
    ["newline", "web-01\nrm", /control characters/],
    ["65 chars", "x".repeat(65), /at most 64/],
    ["emoji", "web-🙂", /letters, digits/],
    ["dots", "..", /end in/],
    ["trailing dot", "web.", /end in/],
    ["trailing hyphen", "web-", /end in/],
    ["leading hyphen", "-web", /start with/],
    ["empty", "", /empty/],
    ["space", "web 01", /spaces/],
    ["odata injection", "x' or 1 eq 1 or name eq 'y", /spaces/],
    ["percent", "web%2F01", /letters, digits/],
    ["RTL override", "web\u202e01", /control characters/],
    ["fullwidth", "ｗｅｂ", /letters, digits/],
  ];
  for (const [label, input, reason] of hostile) {
    it(`refuses ${label}`, () => {
      const check = checkVmRef(input);
      assert.equal(check.ok, false);
      assert.match(check.ok ? "" : check.reason, reason);
      assert.equal(isValidVmName(input), false);
      assert.throws(
        () => parseVmRef(input),
        (err: unknown) => {
          assert.ok(err instanceof KuraError);
          assert.equal(err.code, "INVALID_VM_NAME");
          assert.ok(err.remedy && err.remedy.length > 0);
          // The hostile text is not echoed back.
          if (input.length > 2) assert.ok(!err.message.includes(input));
          return true;
        },
      );
    });
  }

  it("accepts a well-formed ARM id and splits it", () => {
    const id = vmId("rg-kura-demo", "web-01");
    assert.deepEqual(parseVmRef(id), {
      kind: "id",
      id,
      subscriptionId: SUB,
      resourceGroup: "rg-kura-demo",
      name: "web-01",
    });
    // ARM segment names are case-insensitive.
    assert.equal(
      parseVmRef(id.replace("resourceGroups", "resourcegroups").replace("/subscriptions/", "/Subscriptions/"))
        .kind,
      "id",
    );
  });

  it("refuses malformed ARM ids", () => {
    for (const id of [
      "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm",
      vmId("rg", "vm/extensions/x"),
      vmId("rg", "we'b"),
      vmId("rg.", "vm"),
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/vm`,
      `${vmId("rg", "vm")}?api-version=1`,
      "/etc/passwd",
      `/${"a/".repeat(300)}`,
    ]) {
      assert.equal(checkVmRef(id).ok, false, id);
      assert.throws(() => parseVmRef(id), { code: "INVALID_VM_NAME" });
    }
  });

  it("refuses non-strings without crashing", () => {
    assert.equal(checkVmRef(undefined as unknown as string).ok, false);
    assert.equal(checkVmRef(42 as unknown as string).ok, false);
  });
});
