/**
 * BullMQ's repeat strategy for kura's maintenance queue. Patterns kura writes (`m h * * dow` and
 * `m h * * *`) fire at the instant kura's own wall-clock rule gives (`nextFiringAfter`), the rule
 * the GC window itself follows; anything else goes to BullMQ's default (cron-parser).
 *
 * Why not cron-parser alone: BullMQ computes the next firing from "now" whenever a scheduler is
 * written — at every worker start — and cron-parser answers differently inside a DST change: asked
 * during the repeated hour after 01:30 fired, it fires 01:30 again; asked just after a
 * spring-forward gap swallowed 02:30, it skips to next week. Ours fires once, never skips.
 */
import { defaultRepeatStrategy, type RepeatStrategy } from "bullmq";
import { nextFiringAfter, parseCronPattern } from "../commands/gc/gc-schedule.ts";

export const wallClockRepeatStrategy: RepeatStrategy = (millis, opts) => {
  const firing = opts.pattern ? parseCronPattern(opts.pattern) : undefined;
  if (!firing || !opts.tz) return defaultRepeatStrategy(millis, opts);
  return nextFiringAfter(firing, opts.tz, new Date(millis)).getTime();
};
