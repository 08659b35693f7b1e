/**
 * The core's `FleetOverview` with every word rendered in the reader's language, for the page's
 * fleet panel. Numbers stay numbers (the bar is drawn from them); nothing is decided here.
 */
import type { Locale, Message } from "../../commands/chat/types.ts";
import type { FleetOverview } from "../../commands/fleet/overview.ts";
import type { Render } from "./display.ts";

export interface FleetDisplay {
  updated: string;
  problem?: string;
  vms: {
    name: string;
    vault: string;
    protection: string;
    /** Azure's state, for styling (`Protected`, `ProtectionStopped`…). */
    state: string;
    lastBackup: string;
    restorePoints?: {
      count: number;
      limit: number;
      warnAt: number;
      level: string;
      text: string;
      forecast: string;
    };
    problem?: string;
  }[];
  gc: { schedule: string; status: string; next: string; reminder: string; open: boolean };
  active: { id: string; vm: string; status: string; requester: string; percent?: number; step?: string }[];
  audit: { at: string; action: string; actor: string; vm: string }[];
}

const msg = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });

export function fleetDisplay(overview: FleetOverview, locale: Locale, render: Render): FleetDisplay {
  const say = (key: string, params?: Message["params"]) => render(msg(key, params), locale);
  const { gc } = overview;
  return {
    updated: say("console.updated", { at: overview.at }),
    ...(overview.problem
      ? { problem: say("console.fleetUnavailable", { code: overview.problem.code }) }
      : {}),
    vms: overview.vms.map((vm) => {
      const rp = vm.restorePoints;
      return {
        name: vm.vmName,
        vault: vm.vault,
        protection: say(`protection.${vm.protectionState}`),
        state: vm.protectionState,
        lastBackup: vm.lastBackupAt ? say("value.time", { at: vm.lastBackupAt }) : say("console.never"),
        ...(rp
          ? {
              restorePoints: {
                count: rp.count,
                limit: rp.limit,
                warnAt: rp.warnAt,
                level: rp.level,
                text: say("console.rpCount", { count: rp.count, limit: rp.limit }),
                forecast: rp.reachesLimitAt
                  ? say("console.rpReaches", { limit: rp.limit, at: rp.reachesLimitAt })
                  : say("console.rpSteady"),
              },
            }
          : {}),
        ...(vm.problem ? { problem: say("console.rpUnknown", { code: vm.problem.code }) } : {}),
      };
    }),
    gc: {
      schedule: say("console.gcSchedule", {
        day: gc.window.openDay,
        time: gc.window.openTime,
        hours: gc.window.durationHours,
        timeZone: gc.window.timeZone,
      }),
      open: gc.open !== undefined,
      status: gc.open ? say("console.gcOpenNow", { closesAt: gc.open.closesAt }) : "",
      next: say("console.gcNext", gc.next),
      reminder: gc.reminderAt
        ? say("console.gcReminder", { at: gc.reminderAt })
        : say("console.gcNoReminder"),
    },
    active: overview.active.map((request) => ({
      id: request.id,
      vm: request.vmName,
      status: say(`status.${request.status}`),
      requester: request.requester,
      ...(request.progress?.percent === undefined ? {} : { percent: request.progress.percent }),
      ...(request.progress ? { step: request.progress.step } : {}),
    })),
    audit: overview.audit.map((entry) => ({
      at: say("value.time", { at: entry.at }),
      action: entry.action,
      actor: entry.actor,
      vm: entry.vmName ?? "",
    })),
  };
}
