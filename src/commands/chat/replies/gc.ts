/** `/backup gc`: the weekly GC window's schedule and whether it is open now. */
import { currentWindow, type GcWindowConfig, nextWindow } from "../../schedule/gc-window.ts";
import type { CommandReply, Fact } from "../types.ts";
import { fact, msg, reply } from "./reply.ts";

export function gcScheduleFact(cfg: GcWindowConfig): Fact {
  return fact(
    "fact.gcSchedule",
    msg("value.gcSchedule", {
      day: cfg.openDay,
      time: cfg.openTime,
      hours: cfg.durationHours,
      timeZone: cfg.timeZone,
    }),
  );
}

export function gcReply(cfg: GcWindowConfig, now: Date): CommandReply {
  const open = currentWindow(cfg, now);
  const next = nextWindow(cfg, now);
  const text = open
    ? msg("reply.gcOpen", { closesAt: open.closesAt.toISOString() })
    : msg("reply.gcClosed", { opensAt: next.opensAt.toISOString(), closesAt: next.closesAt.toISOString() });
  const facts = [gcScheduleFact(cfg)];
  if (open) facts.push(fact("fact.nextGcWindow", msg("value.time", { at: next.opensAt.toISOString() })));
  return reply(text, { facts });
}
