/**
 * Who clicked: a Slack user as a core `ChatActor`, with the approver groups they belong to and their
 * language. Both come from Slack's Web API and are cached for a few minutes, so a burst of clicks
 * costs one `users.info` per user and one `usergroups.users.list` per group.
 */
import type { webApi } from "@slack/bolt";
import type { ChatActor, Locale } from "../../commands/chat/types.ts";

export interface PeopleOptions {
  client: webApi.WebClient;
  /** The user group ids that matter (the configured approver groups); others are never looked up. */
  groups: readonly string[];
  /** The language when Slack reports none kura speaks. */
  fallbackLocale: Locale;
  /** @defaultValue 300000 (5 minutes) */
  ttlMs?: number;
  now?: () => number;
  onError?: (error: unknown, what: string) => void;
}

interface Cached<T> {
  value: Promise<T>;
  until: number;
}

/** `ja-JP` → `ja`, `en-GB` → `en`; anything else is not a language kura speaks. */
export function localeOf(slackLocale: string | undefined): Locale | undefined {
  const language = slackLocale?.slice(0, 2).toLowerCase();
  return language === "ja" || language === "en" ? language : undefined;
}

export class SlackPeople {
  readonly #options: PeopleOptions;
  readonly #users = new Map<string, Cached<{ name?: string; locale?: Locale }>>();
  readonly #members = new Map<string, Cached<ReadonlySet<string>>>();

  constructor(options: PeopleOptions) {
    this.#options = options;
  }

  /** The actor for a Slack user id; `name` is what the payload already said, if anything. */
  async actor(userId: string, name?: string): Promise<ChatActor> {
    const [user, groups] = await Promise.all([this.#user(userId), this.#groupsOf(userId)]);
    const displayName = name ?? user.name;
    return {
      platform: "slack",
      id: userId,
      ...(displayName ? { name: displayName } : {}),
      groups,
      locale: user.locale ?? this.#options.fallbackLocale,
    };
  }

  /** The user's language, for ephemeral answers and modals. */
  async locale(userId: string): Promise<Locale> {
    return (await this.#user(userId)).locale ?? this.#options.fallbackLocale;
  }

  #user(userId: string): Promise<{ name?: string; locale?: Locale }> {
    return this.#cached(
      this.#users,
      userId,
      async () => {
        const answer = await this.#options.client.users.info({ user: userId, include_locale: true });
        const locale = localeOf(answer.user?.locale);
        const name = answer.user?.profile?.display_name || answer.user?.real_name || answer.user?.name;
        return { ...(name ? { name } : {}), ...(locale ? { locale } : {}) };
      },
      {},
    );
  }

  async #groupsOf(userId: string): Promise<string[]> {
    const memberships = await Promise.all(
      this.#options.groups.map(async (group) => ((await this.#membersOf(group)).has(userId) ? [group] : [])),
    );
    return memberships.flat();
  }

  #membersOf(group: string): Promise<ReadonlySet<string>> {
    return this.#cached(
      this.#members,
      group,
      async () => {
        const answer = await this.#options.client.usergroups.users.list({ usergroup: group });
        return new Set(answer.users ?? []);
      },
      new Set(),
    );
  }

  /**
   * One lookup per key per TTL, shared by concurrent callers. A failed lookup answers `fallback`
   * (no groups: the core then refuses to treat the user as an approver) and is not cached.
   */
  #cached<T>(cache: Map<string, Cached<T>>, key: string, load: () => Promise<T>, fallback: T): Promise<T> {
    const now = (this.#options.now ?? Date.now)();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load().catch((error: unknown) => {
      cache.delete(key);
      this.#options.onError?.(error, key);
      return fallback;
    });
    cache.set(key, { value, until: now + (this.#options.ttlMs ?? 300_000) });
    return value;
  }
}
