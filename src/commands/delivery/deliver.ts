/**
 * The one delivery pipeline: for each `KuraEvent` and platform, decides what the platform's
 * conversations show (a request's card and its thread lines, or a system notice in each notice
 * channel) and drives that platform's `ChatSender`. Every platform gets the same coalescing, bursts,
 * rate-limit waits and undeliverable handling; a sender only lays content out.
 *
 * `deliver` throws `RunLater` when the job must wait (edit slot, first post, a 429) and any other
 * error when a retry may help; a conversation that cannot receive the message is an outcome.
 */

import type { KuraEvent } from "../ports/events.ts";
import { showCard } from "./cards.ts";
import type { DeliveryDeps, DeliveryOutcome, Speaker } from "./context.ts";
import { emergencyMilestoneOf, milestoneOf } from "./milestones.ts";
import { showNotice } from "./notices.ts";
import { classify } from "./routing.ts";
import { isUndeliverable } from "./send.ts";

export interface Delivery {
  /** The platforms this pipeline can speak on (the ones running in this process). */
  readonly platforms: readonly string[];
  /** Shows `event` on `platform`; see the module comment for what it throws. */
  deliver(event: KuraEvent, platform: string): Promise<DeliveryOutcome[]>;
}

export function createDelivery(deps: DeliveryDeps): Delivery {
  const speakers = new Map<string, Speaker>();
  for (const [platform, sender] of deps.senders) {
    speakers.set(platform, {
      platform,
      sender,
      state: deps.state,
      cards: deps.cards,
      locale: deps.locale,
      editEveryMs: deps.settings?.editEveryMs ?? 1_000,
      burstQuietMs: deps.settings?.burstQuietMs ?? 600_000,
      messageTtlMs: deps.settings?.messageTtlMs ?? 30 * 86_400_000,
    });
  }
  return {
    platforms: [...speakers.keys()],
    async deliver(event, platform) {
      const out = speakers.get(platform);
      if (!out) throw new Error(`No sender for platform "${platform}" in this process.`);
      const routed = classify(event);
      switch (routed.kind) {
        case "request": {
          const e = routed.event;
          if (e.conversation.platform !== platform) return [];
          const requester = e.type === "requested" ? { requester: e.requester } : {};
          return [
            await guard(e.conversation.channelId, () =>
              showCard({ ...e, ...requester }, milestoneOf(e), out),
            ),
          ];
        }
        case "emergency": {
          const e = routed.event;
          if (e.conversation.platform !== platform) return [];
          return [await guard(e.conversation.channelId, () => showCard(e, emergencyMilestoneOf(e), out))];
        }
        case "notice": {
          const outcomes: DeliveryOutcome[] = [];
          for (const channel of deps.noticeChannels.get(platform) ?? []) {
            const event = routed.event;
            outcomes.push(await guard(channel, () => showNotice(event, channel, out)));
          }
          return outcomes;
        }
      }
    },
  };
}

/**
 * A conversation that cannot receive a message (a deleted card, a notice channel the bot left) is an
 * outcome for the log, not a failed job; one notice channel does not hold back the others.
 */
async function guard(channelId: string, show: () => Promise<unknown>): Promise<DeliveryOutcome> {
  try {
    const outcome = await show();
    return isOutcome(outcome) ? outcome : { status: "shown" };
  } catch (error) {
    if (!isUndeliverable(error)) throw error;
    return {
      status: "undeliverable",
      channelId,
      ...(error.platformCode ? { platformCode: error.platformCode } : {}),
      detail: error.message,
    };
  }
}

const isOutcome = (value: unknown): value is DeliveryOutcome =>
  typeof value === "object" && value !== null && "status" in value;
