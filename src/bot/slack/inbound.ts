/**
 * What the inbound handlers need: the core's one `ChatService`, who the user is, and the words.
 * Handlers translate only; every decision is the core's.
 */
import type { ChatService } from "../../commands/chat/types.ts";
import type { AfterAck } from "./after-ack.ts";
import type { Render } from "./blocks.ts";
import type { SlackPeople } from "./people.ts";

/** The slice of a pino logger the adapter uses. */
export interface AdapterLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface InboundDeps {
  chat: ChatService;
  people: SlackPeople;
  render: Render;
  log: AdapterLog;
  /** Where each request's work waits for its turn after the ack. */
  afterAck: AfterAck;
}
