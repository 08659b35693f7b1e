/**
 * Which platform shows an event. A request's events (and an emergency window request's, which has a
 * card too) belong to the platform of the conversation it was asked from; system notices go to every
 * configured platform. The event sink routes at emit time with this, so each platform's consumer
 * sees only its own events and no process marks another platform's event done.
 */
import type { EmergencyWindowEvent } from "../gc/events.ts";
import type { KuraEvent, RequestEvent, SystemEvent } from "../ports/events.ts";

const REQUEST_EVENT_TYPES: ReadonlySet<string> = new Set<RequestEvent["type"]>([
  "requested",
  "approved",
  "rejected",
  "expired",
  "queued",
  "step-started",
  "step-finished",
  "progress",
  "warning",
  "succeeded",
  "failed",
  "cancelled",
]);

export const isRequestEvent = (event: KuraEvent): event is RequestEvent =>
  REQUEST_EVENT_TYPES.has(event.type);

/** An emergency window request's event: a card in its conversation, like a backup's. */
export type EmergencyCardEvent = EmergencyWindowEvent & { id: string; at: string };

export const isEmergencyEvent = (event: KuraEvent): event is EmergencyCardEvent =>
  event.type === "emergency-window";

/** What a conversation shows for an event: its request's card, or a system notice. */
export type Routed =
  | { kind: "request"; event: RequestEvent }
  | { kind: "emergency"; event: EmergencyCardEvent }
  | { kind: "notice"; event: SystemEvent };

export function classify(event: KuraEvent): Routed {
  if (isRequestEvent(event)) return { kind: "request", event };
  if (isEmergencyEvent(event)) return { kind: "emergency", event };
  return { kind: "notice", event };
}

/**
 * The platforms an event is delivered on: its conversation's platform (configured or not: it waits
 * for a process that runs that platform), or for a system notice every configured platform.
 */
export function platformsFor(event: KuraEvent, configured: readonly string[]): string[] {
  const routed = classify(event);
  if (routed.kind === "notice") return [...configured];
  return [routed.event.conversation.platform];
}
