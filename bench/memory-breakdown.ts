/**
 * Where a process's resident memory is, in MB: what Node counts (`process.memoryUsage()`: the JS heap
 * V8 committed, `external` and `arrayBuffers` outside it), V8's spaces one by one (new space is the
 * young generation, which grows under a high allocation rate), and what Linux counts
 * (`/proc/self/smaps_rollup`: anonymous memory vs file-backed pages such as the node binary's code).
 * The anonymous memory that none of V8's spaces explains is native: malloc (OpenSSL's TLS state, libuv,
 * Node's own C++ objects), its arenas' free space, thread stacks. Used by bench/lifecycle-worker.ts.
 */
import { readFileSync } from "node:fs";
import { getHeapSpaceStatistics } from "node:v8";

export interface MemoryBreakdown {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Committed size per V8 space (new_space, old_space, code_space, large_object_space, …). */
  spacesMb: Record<string, number>;
  /** What is live (or not yet collected) in each of those spaces: after a full GC, what is live. */
  spacesUsedMb: Record<string, number>;
  /** `/proc/self/smaps_rollup` (Linux only): anonymous and file-backed resident memory. */
  anonymousMb?: number;
  fileMb?: number;
  /** Anonymous memory beyond V8's committed heap: malloc and other native memory. */
  nativeMb?: number;
  /** Open TCP sockets, TLS ones to ARM and Redis's included (`process.getActiveResourcesInfo()`). */
  tcpSockets: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function smapsRollup(): { anonymousKb: number; rssKb: number } | undefined {
  try {
    const text = readFileSync("/proc/self/smaps_rollup", "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { anonymousKb: field("Anonymous"), rssKb: field("Rss") };
  } catch {
    return undefined;
  }
}

export function memoryBreakdown(): MemoryBreakdown {
  const usage = process.memoryUsage();
  const spacesMb: Record<string, number> = {};
  const spacesUsedMb: Record<string, number> = {};
  for (const space of getHeapSpaceStatistics()) {
    const name = space.space_name.replace(/_space$/, "");
    spacesMb[name] = mb(space.space_size);
    spacesUsedMb[name] = mb(space.space_used_size);
  }
  const resources = process.getActiveResourcesInfo();
  const smaps = smapsRollup();
  return {
    rssMb: mb(usage.rss),
    heapTotalMb: mb(usage.heapTotal),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
    arrayBuffersMb: mb(usage.arrayBuffers),
    spacesMb,
    spacesUsedMb,
    ...(smaps
      ? {
          anonymousMb: mb(smaps.anonymousKb * 1024),
          fileMb: mb((smaps.rssKb - smaps.anonymousKb) * 1024),
          nativeMb: mb(smaps.anonymousKb * 1024 - usage.heapTotal),
        }
      : {}),
    tcpSockets: resources.filter((r) => r === "TCPSocketWrap").length,
  };
}

/** One line, for a person. */
export function describeBreakdown(b: MemoryBreakdown): string {
  const space = (name: string) => b.spacesMb[name] ?? 0;
  return [
    `rss ${b.rssMb} MB: heap ${b.heapTotalMb} (used ${b.heapUsedMb}; new ${space("new")}, old ${space("old")}, code ${space("code")}, large objects ${space("large_object")})`,
    b.nativeMb === undefined ? "" : `native ${b.nativeMb}, file-backed ${b.fileMb}`,
    `external ${b.externalMb}, arrayBuffers ${b.arrayBuffersMb}`,
    `${b.tcpSockets} sockets`,
  ]
    .filter(Boolean)
    .join("; ");
}
