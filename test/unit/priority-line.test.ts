/**
 * The waiting line shared by the ARM budget's token queue and the ARM connection slots
 * (src/priority-line.ts): who goes next, and what a caller who gives up leaves behind.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PrioritySlots } from "../../src/priority-line.ts";

const aborted = () => new Error("aborted");

describe("PrioritySlots", () => {
  it("hands a freed slot to high before normal, by order, then by arrival", async () => {
    const slots = new PrioritySlots(1, aborted);
    const first = await slots.take("normal", undefined, undefined);
    const went: string[] = [];
    const wait = (name: string, ...at: Parameters<PrioritySlots["take"]>) =>
      slots.take(...at).then((release) => {
        went.push(name);
        release();
      });
    const all = Promise.all([
      wait("normal-a", "normal", undefined, undefined),
      wait("high-late", "high", 20, undefined),
      wait("normal-b", "normal", undefined, undefined),
      wait("high-early", "high", 10, undefined),
    ]);
    first();
    await all;
    assert.deepEqual(went, ["high-early", "high-late", "normal-a", "normal-b"]);
  });

  it("gives a slot back once however often it is released, and drops a waiter that gave up", async () => {
    const slots = new PrioritySlots(1, aborted);
    const release = await slots.take("normal", undefined, undefined);
    const giveUp = new AbortController();
    const gaveUp = slots.take("high", 1, giveUp.signal);
    const next = slots.take("normal", undefined, undefined);
    giveUp.abort();
    await assert.rejects(gaveUp, /aborted/);
    release();
    release();
    const nextRelease = await next;
    // One slot: after the waiter that went, nobody else holds one, so a new caller waits for it.
    let third = false;
    const thirdTaken = slots.take("normal", undefined, undefined).then((r) => {
      third = true;
      return r;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(third, false, "a second release must not have made a second slot");
    nextRelease();
    (await thirdTaken)();
  });
});
