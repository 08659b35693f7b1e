/**
 * kura's turn logic for Teams: a message is a command, an `Action.Execute` click is a decision,
 * and every conversation kura hears from (or is installed in) is remembered for proactive sends.
 * Every decision is the core's; this file only translates and lays out.
 */
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  TurnContext,
} from "botbuilder";
import type { ChatActor, ChatService, DecisionReply, Locale, Message } from "../../commands/chat/types.ts";
import type { PlatformLog } from "../platform.ts";
import {
  type AdaptiveCard,
  commandCard,
  lineCard,
  REASON_INPUT,
  type Render,
  requestCard,
  VERBS,
} from "./cards.ts";
import { actorOf, commandText, conversationOf } from "./inbound.ts";
import type { ConversationReferences } from "./references.ts";

/** The slice of a pino logger the adapter uses. */
export type AdapterLog = PlatformLog;

export interface TeamsBotDeps {
  chat: ChatService;
  references: ConversationReferences;
  render: Render;
  /** The deployment's language, when an activity says none kura speaks. */
  locale: Locale;
  log: AdapterLog;
}

const CARD = "application/vnd.microsoft.card.adaptive";
const TOAST = "application/vnd.microsoft.activity.message";

const cardAnswer = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: CARD,
  value: card as unknown as Record<string, unknown>,
});

export class KuraTeamsBot extends ActivityHandler {
  readonly #deps: TeamsBotDeps;

  constructor(deps: TeamsBotDeps) {
    super();
    this.#deps = deps;
    this.onMessage(async (context, next) => {
      await this.#remember(context);
      await this.#command(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const { activity } = context;
      const botId = activity.recipient?.id;
      if (activity.membersRemoved?.some((m) => m.id === botId)) {
        await deps.references.forget(activity.conversation.id);
      } else await this.#remember(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      if (context.activity.action?.startsWith("remove")) {
        await deps.references.forget(context.activity.conversation.id);
      } else await this.#remember(context);
      await next();
    });
  }

  async #remember(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const id = await this.#deps.references.remember(reference);
    if (id) this.#deps.log.debug({ conversation: id }, "Teams conversation remembered");
  }

  async #command(context: TurnContext): Promise<void> {
    const { activity } = context;
    const actor = actorOf(activity, this.#deps.locale);
    const locale = actor.locale ?? this.#deps.locale;
    try {
      const reply = await this.#deps.chat.handleCommand({
        text: commandText(activity.text),
        actor,
        conversation: conversationOf(activity),
        ...(activity.id ? { idempotencyKey: `teams:${activity.conversation.id}:${activity.id}` } : {}),
      });
      // A created request is announced by its card, which the delivery pipeline posts.
      if (reply.kind !== "message") return;
      await context.sendActivity({
        attachments: [CardFactory.adaptiveCard(commandCard(reply, locale, this.#deps.render))],
      });
    } catch (error) {
      this.#deps.log.error({ err: error, user: actor.id }, "Teams command failed");
      await context.sendActivity(this.#deps.render({ key: "error.unexpected" }, locale)).catch(() => {});
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invoke: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.#remember(context);
    const actor = actorOf(context.activity, this.#deps.locale);
    const locale = actor.locale ?? this.#deps.locale;
    const data = (invoke.action?.data ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : undefined);
    const { chat, render } = this.#deps;
    try {
      const requestId = text("requestId");
      switch (invoke.action?.verb) {
        case VERBS.approve:
          if (requestId)
            return await this.#decided(
              requestId,
              actor,
              await chat.decide({ requestId, actor, approve: true }),
            );
          break;
        case VERBS.reject: {
          const reason = text(REASON_INPUT)?.trim();
          if (requestId) {
            const reply = await chat.decide({
              requestId,
              actor,
              approve: false,
              ...(reason ? { reason } : {}),
            });
            return await this.#decided(requestId, actor, reply);
          }
          break;
        }
        case VERBS.cancel:
          if (requestId)
            return await this.#decided(requestId, actor, await chat.cancel({ requestId, actor }));
          break;
        case VERBS.requestEmergency: {
          const vm = text("vm");
          if (!vm) break;
          const reply = await chat.suggested({
            action: "request-emergency-window",
            vm,
            actor,
            conversation: conversationOf(context.activity),
            ...(context.activity.id ? { idempotencyKey: `teams:${context.activity.id}` } : {}),
          });
          const said: Message =
            reply.kind === "message"
              ? reply.text
              : reply.kind === "ignored"
                ? { key: "error.unexpected" }
                : reply.view.title;
          return {
            statusCode: 200,
            type: TOAST,
            value: render(said, locale) as unknown as Record<string, unknown>,
          };
        }
      }
      return cardAnswer(lineCard({ key: "error.unexpected" }, locale, render));
    } catch (error) {
      this.#deps.log.error(
        { err: error, user: actor.id, verb: invoke.action?.verb },
        "Teams card action failed",
      );
      return cardAnswer(lineCard({ key: "error.unexpected" }, locale, render));
    }
  }

  /** The refreshed card for the clicker: the new state, or the current one with why it was refused. */
  async #decided(
    requestId: string,
    actor: ChatActor,
    reply: DecisionReply,
  ): Promise<AdaptiveCardInvokeResponse> {
    const locale = actor.locale ?? this.#deps.locale;
    const { render } = this.#deps;
    if (reply.ok) return cardAnswer(requestCard(reply.view, locale, render));
    const current = await this.#deps.chat.view(requestId, locale);
    return cardAnswer(
      current ? requestCard(current, locale, render, reply.text) : lineCard(reply.text, locale, render),
    );
  }
}
