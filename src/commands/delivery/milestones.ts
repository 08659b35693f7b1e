/**
 * The events worth a line in the card's thread (the card itself always shows the latest state):
 * decisions, finished steps, warnings, the outcome. Progress ticks and queue moves only edit the card.
 */
import { failureMessage, failureRemedy, warningText } from "../chat/failure-view.ts";
import type { Message } from "../chat/types.ts";
import type { EmergencyWindowEvent } from "../gc/events.ts";
import type { RequestEvent } from "../ports/events.ts";
import type { Actor } from "../ports/requests.ts";

const who = (actor?: Actor) => (actor ? (actor.name ?? actor.id) : "kura");

export function milestoneOf(event: RequestEvent): Message | undefined {
  switch (event.type) {
    case "approved":
      return { key: "event.approved", params: { by: who(event.by) } };
    case "rejected":
      return event.reason
        ? { key: "event.rejectedWithReason", params: { by: who(event.by), reason: event.reason } }
        : { key: "event.rejected", params: { by: who(event.by) } };
    case "expired":
      return { key: "event.expired" };
    case "step-finished":
      return event.skipped
        ? { key: "event.stepSkipped", params: { step: event.step, why: event.skipped } }
        : { key: `event.step.${event.step}` };
    case "warning":
      return event.params
        ? {
            key: "event.warning",
            params: { message: warningText({ code: event.code, params: event.params }), remedy: "" },
          }
        : { key: "event.warning", params: { message: event.message, remedy: event.remedy ?? "" } };
    case "succeeded":
      if (event.result.snapshots) {
        const { snapshots, recoveryPointExpiry } = event.result;
        return {
          key: "event.snapshotsTaken",
          params: { count: snapshots.length, expiry: recoveryPointExpiry },
        };
      }
      return {
        key: "event.succeeded",
        params: {
          recoveryPoint: event.result.recoveryPointTime ?? "",
          expiry: event.result.recoveryPointExpiry,
        },
      };
    case "failed":
      return {
        key: "event.failed",
        params: {
          message: failureMessage(event.failure),
          code: event.failure.azureCode ?? event.failure.code,
          remedy: failureRemedy(event.failure),
        },
      };
    case "cancelled":
      return { key: "event.cancelled", params: { by: who(event.by) } };
    default:
      return undefined;
  }
}

/** An emergency window's thread lines: the decision, and when protection went on and off. */
export function emergencyMilestoneOf(event: EmergencyWindowEvent): Message | undefined {
  switch (event.status) {
    case "approved":
      return { key: "event.approved", params: { by: who(event.by) } };
    case "rejected":
      // The reason is on the card (the request's decision); the event does not carry it.
      return { key: "event.rejected", params: { by: who(event.by) } };
    case "expired":
      return { key: "event.emergency.expired" };
    case "opened":
      return event.problem
        ? { key: "event.emergency.openedProblem", params: { problem: event.problem } }
        : { key: "event.emergency.opened", params: { closesAt: event.closesAt ?? "" } };
    case "closed":
      return { key: "event.emergency.closed" };
    default:
      return undefined;
  }
}
