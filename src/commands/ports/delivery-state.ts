/**
 * What the delivery pipeline remembers between jobs and processes, for every platform alike: where
 * each message is and which version it shows, a short edit slot per message (about one edit per
 * second), the right to post a message's first version, one-shot markers, and burst contents.
 * Implemented on Redis in `src/store/redis-delivery-state.ts`; every method is atomic on its own.
 */
import type { MessageRef } from "./chat-sender.ts";

/** A message kura posted and the newest version (request version, burst count) it shows. */
export interface DeliveredMessage {
  ref: MessageRef;
  shown: number;
}

export interface DeliveryState {
  get(id: string): Promise<DeliveredMessage | undefined>;
  /** Remembers `message` for `ttlMs` after this write. */
  save(id: string, message: DeliveredMessage, ttlMs: number): Promise<void>;
  /** Raises `shown` only: an older render finishing late cannot lower it. */
  raiseShown(id: string, shown: number, ttlMs: number): Promise<void>;
  /** The right to post `id`'s first version, held `holdMs` (a crashed poster frees it); false if taken. */
  claimPost(id: string, holdMs: number): Promise<boolean>;
  releasePost(id: string): Promise<void>;
  /** Starts the message's edit slot without waiting (right after posting it). */
  markEdited(id: string, everyMs: number): Promise<void>;
  /** Takes the message's edit slot: 0 when taken now, else the milliseconds until it frees. */
  takeEditSlot(id: string, everyMs: number): Promise<number>;
  /** True the first time `marker` is set (within `ttlMs`); `forget` undoes it. */
  once(marker: string, ttlMs: number): Promise<boolean>;
  marked(marker: string): Promise<boolean>;
  forget(marker: string): Promise<void>;
  /**
   * True the first time `marker` (an event's thread reply) is set on message `id`; kept with the
   * message, `ttlMs` after its last marker, so removing the message's state removes its markers too.
   */
  replyOnce(id: string, marker: string, ttlMs: number): Promise<boolean>;
  forgetReply(id: string, marker: string): Promise<void>;
  /**
   * Appends `line` to burst `id` unless `marker` (the event) was recorded already, keeps the newest
   * `keep` lines, and returns the event's position (1-based): what a message must show to include it.
   */
  recordBurst(id: string, marker: string, line: string, keep: number, ttlMs: number): Promise<number>;
  /** The burst's count and newest lines (newest first). */
  readBurst(id: string, keep: number): Promise<{ count: number; lines: string[] }>;
  /** Keeps `entry` as summary `id`'s latest when `order` is above the kept one; returns `order`. */
  recordLatest(id: string, entry: string, order: number, ttlMs: number): Promise<number>;
  readLatest(id: string): Promise<{ entry: string; order: number } | undefined>;
}
