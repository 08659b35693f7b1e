/**
 * The few lines a person starting kura by hand needs, in plain text on stderr beside the JSON log:
 * where the emulator answers, which Redis is used, and (once the console is there) where to look.
 */
import { type RedisOrigin, shortPath } from "./local-redis.ts";
import type { Runtime } from "./runtime.ts";

export interface BannerFacts {
  role: string;
  redis: RedisOrigin;
  /** Extra lines, e.g. the web console's `http://localhost:3000` (console role). */
  extra?: readonly string[];
}

export function bannerLines(
  runtime: Pick<Runtime, "config" | "armEndpoint" | "demo">,
  facts: BannerFacts,
): string[] {
  const { config } = runtime;
  const redisWhere = new URL(config.redis.url).host;
  const data = shortPath(config.dataDir);
  const lines = [`kura is running (role ${facts.role}); Ctrl-C stops it.`];
  // The console engineer's line goes first: it is what a newcomer opens.
  for (const line of facts.extra ?? []) lines.push(`  ${line}`);
  if (runtime.demo) {
    lines.push(
      `  Azure: the embedded emulator's demo world at ${runtime.armEndpoint} (${config.azure.demoSpeed}x time, KURA_DEMO_SPEED; state: GET ${runtime.armEndpoint}/_emulator/state)`,
    );
  } else {
    lines.push(
      `  Azure: ${config.azure.mode === "azure" ? "Azure Resource Manager" : "emulator"} at ${runtime.armEndpoint}`,
    );
  }
  lines.push(
    facts.redis === "private"
      ? `  Redis: a private redis-server on ${redisWhere}, data in ${data}/redis (stopped with kura)`
      : `  Redis: ${redisWhere}`,
  );
  return lines;
}

/** Writes the banner to stderr (stdout carries the JSON log). */
export function startupBanner(
  runtime: Pick<Runtime, "config" | "armEndpoint" | "demo">,
  facts: BannerFacts,
): void {
  console.error(bannerLines(runtime, facts).join("\n"));
}
