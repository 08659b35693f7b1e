/** A GC reminder that can never fire (timed inside the window it announces) is refused at start-up, with the fix. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reminderProblem } from "../../../src/commands/schedule/gc-window-validation.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";

describe("the GC reminder's time", () => {
  it("inside the window is a problem naming a time that works; before it is fine", () => {
    const window = {
      timeZone: "Asia/Tokyo",
      openDay: "Tuesday",
      openTime: "07:05",
      durationHours: 24,
    } as const;
    assert.match(
      reminderProblem(window, { day: "Wednesday", time: "07:03" }) ?? "",
      /inside the GC window .* never be sent.*"Monday 07:05"/,
    );
    assert.equal(reminderProblem(window, { day: "Wednesday", time: "07:05" }), undefined, "at closing");
    assert.equal(reminderProblem(window, { day: "Monday", time: "17:00" }), undefined);
    const weekend = {
      timeZone: "Asia/Tokyo",
      openDay: "Saturday",
      openTime: "00:00",
      durationHours: 48,
    } as const;
    assert.ok(reminderProblem(weekend, { day: "Sunday", time: "12:00" }), "wraps past the week's end");
  });

  it("a worker configured with a reminder inside the window refuses to start, naming gc.reminder", async (t) => {
    const stack = await startKuraStack(t, { env: { KURA_GC_REMINDER: "Sunday 12:00" } });
    await assert.rejects(stack.startWorker(), (error: Error) => {
      assert.match(
        String((error as { issues?: unknown }).issues ? JSON.stringify(error) : error.message),
        /gc\.reminder/,
      );
      assert.match(error.message + JSON.stringify(error), /never be sent/);
      return true;
    });
  });
});
