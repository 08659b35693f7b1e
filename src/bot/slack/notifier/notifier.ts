/**
 * The bot's consumer of the notification queue: each `KuraEvent` becomes Slack posts and edits.
 * Request events (and emergency window requests, which have cards too) go to the request's own
 * channel (conversations of other platforms are not ours and are left alone), system events to the
 * configured notification channels. A job that must wait
 * (Slack's 429, an edit slot, a first post in progress) is delayed, never failed.
 */
import { type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { KuraEvent, RequestEvent } from "../../../commands/ports/events.ts";
import type { AdapterLog } from "../inbound.ts";
import { showEmergencyEvent, showRequestEvent } from "./cards.ts";
import { runOrDelay } from "./reschedule.ts";
import type { SlackOut } from "./slack-out.ts";
import { type SystemOut, showSystemEvent } from "./system.ts";

export interface SlackNotifierOptions {
  /** A BullMQ worker connection (`maxRetriesPerRequest: null`). */
  connection: Redis;
  /** BullMQ's key prefix, e.g. `kura:bull`. */
  prefix: string;
  queueName: string;
  out: SlackOut;
  system: Omit<SystemOut, keyof SlackOut>;
  log: AdapterLog;
  /** Jobs handled at once. @defaultValue 8 */
  concurrency?: number;
}

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

const isRequestEvent = (event: KuraEvent): event is RequestEvent => REQUEST_EVENT_TYPES.has(event.type);

export function startSlackNotifier(options: SlackNotifierOptions): Worker<KuraEvent> {
  const system: SystemOut = { ...options.out, ...options.system };
  const worker = new Worker<KuraEvent>(
    options.queueName,
    async (job: Job<KuraEvent>, token?: string) => {
      const event = job.data;
      await runOrDelay(job, token, async () => {
        if (isRequestEvent(event)) {
          if (event.conversation.platform === "slack") await showRequestEvent(event, options.out);
        } else if (event.type === "emergency-window") {
          // A request with a card of its own, in the conversation it was asked from.
          if (event.conversation.platform === "slack") await showEmergencyEvent(event, options.out);
        } else {
          await showSystemEvent(event, system);
        }
      });
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 8 },
  );
  worker.on("failed", (job, error) =>
    options.log.warn(
      { err: error, event: job?.data.id, attempts: job?.attemptsMade },
      "Slack notification failed",
    ),
  );
  return worker;
}
