/**
 * Acts as the Bot Framework Service toward kura: builds activities the way Teams delivers them
 * (a channel @mention, a personal chat message, an `adaptiveCard/action` invoke, conversation and
 * installation updates) and POSTs them to `/api/messages`, signed with a channel token when given.
 */
import { randomBytes } from "node:crypto";
import type { Json } from "./teams-connector.ts";

export const BOT_ID = "28:00000000-0000-0000-0000-0000000000b0";
export const TENANT = "00000000-0000-0000-0000-0000000000f1";
/** A channel in a team, as kura keys it (its thread suffix stripped). */
export const OPS_CHANNEL = "19:ops-channel@thread.tacv2";
export const NOTICE_CHANNEL = "19:notices@thread.tacv2";

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

const user = (name: string, n: string): TeamsUser => ({
  id: `29:user-${name.toLowerCase()}`,
  name,
  aadObjectId: `00000000-0000-0000-0000-0000000000${n}`,
});
/** Requester; not an approver. */
export const ALICE = user("Alice", "a1");
/** An approver. */
export const BOB = user("Bob", "b2");
/** Another approver. */
export const CAROL = user("Carol", "c3");
/** Neither. */
export const MALLORY = user("Mallory", "d4");

export interface Where {
  conversationId: string;
  conversationType: "channel" | "personal" | "groupChat";
}

export const inChannel = (channel = OPS_CHANNEL, thread?: string): Where => ({
  conversationId: thread ? `${channel};messageid=${thread}` : channel,
  conversationType: "channel",
});
export const personalChat = (who: TeamsUser): Where => ({
  conversationId: `a:personal-${who.name.toLowerCase()}`,
  conversationType: "personal",
});

const newId = () => `${Date.now()}${randomBytes(2).toString("hex")}`;

function base(serviceUrl: string, from: TeamsUser, where: Where, locale?: string): Json {
  const channel = where.conversationId.split(";")[0];
  return {
    id: newId(),
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: BOT_ID, name: "kura" },
    conversation: {
      id: where.conversationId,
      conversationType: where.conversationType,
      isGroup: where.conversationType !== "personal",
      tenantId: TENANT,
    },
    ...(locale ? { locale } : {}),
    channelData: {
      tenant: { id: TENANT },
      ...(where.conversationType === "channel"
        ? { team: { id: "19:team@thread.tacv2" }, channel: { id: channel } }
        : {}),
    },
  };
}

/** A message: in a channel or group chat it @mentions kura, as Teams requires to reach a bot there. */
export function messageActivity(
  serviceUrl: string,
  from: TeamsUser,
  text: string,
  where: Where,
  locale = "en-US",
): Json {
  const mention = where.conversationType === "personal" ? "" : "<at>kura</at> ";
  const activity = base(serviceUrl, from, where, locale);
  if (where.conversationType === "channel" && !where.conversationId.includes(";")) {
    // A new post in a channel is the root of its own thread.
    activity.conversation.id = `${where.conversationId};messageid=${activity.id}`;
  }
  return {
    ...activity,
    type: "message",
    text: `${mention}${text}`,
    textFormat: "plain",
    entities: mention
      ? [{ type: "mention", text: "<at>kura</at>", mentioned: { id: BOT_ID, name: "kura" } }]
      : [],
  };
}

/** A click on an `Action.Execute` button: `data` with the card's inputs merged in. */
export function invokeActivity(
  serviceUrl: string,
  from: TeamsUser,
  verb: string,
  data: Json,
  where: Where,
  replyToId: string,
  locale = "en-US",
): Json {
  return {
    ...base(serviceUrl, from, where, locale),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId,
    value: { action: { type: "Action.Execute", id: verb, verb, data }, trigger: "manual" },
  };
}

/** kura added to a team (conversationUpdate with the bot among membersAdded). */
export function installedActivity(serviceUrl: string, by: TeamsUser, where: Where, locale = "en-US"): Json {
  return {
    ...base(serviceUrl, by, where, locale),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT_ID }],
  };
}

/** An installationUpdate (`add` or `remove`). */
export function installationActivity(
  serviceUrl: string,
  by: TeamsUser,
  where: Where,
  action: "add" | "remove",
): Json {
  return { ...base(serviceUrl, by, where), type: "installationUpdate", action };
}

export interface Posted {
  status: number;
  body: string;
  json(): Json;
}

/** POSTs an activity to kura's `/api/messages`, with `Authorization: Bearer <token>` when given. */
export async function postActivity(url: string, activity: Json, token?: string): Promise<Posted> {
  const response = await fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  const body = await response.text();
  return { status: response.status, body, json: () => JSON.parse(body) as Json };
}
