/**
 * kura's Prometheus metrics (prom-client), in one registry per process. It observes what adapters
 * report (checkpointed runs from the worker, HTTP attempts from the Azure gateway, restore point
 * counts read from Azure) and, at each scrape, asks the shared state (queues, pending requests, GC
 * window history) through the `FleetSources` the composition root hands it. Nothing else in kura
 * imports prom-client.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type {
  AzureCallObserver,
  AzureCallRecord,
  DecisionRecord,
  RunObserver,
  StepRecord,
} from "../commands/ports/telemetry.ts";

/** One BullMQ queue as a scrape sees it. */
export interface QueueSnapshot {
  queue: string;
  /** Jobs by BullMQ state (waiting, active, delayed, prioritized, failed, …). */
  counts: Record<string, number>;
  /** Age of the oldest job waiting to be picked up; undefined when none waits. */
  oldestWaitingMs: number | undefined;
}

/** Read at scrape time from shared state; every process reports the same fleet-wide values. */
export interface FleetSources {
  queues(): Promise<QueueSnapshot[]>;
  pendingApprovals(): Promise<number>;
  /** Milliseconds from each recently delivered notification's event to its delivery. */
  notificationDelaysMs(): Promise<number[]>;
  /** Per VM, when it was last protected for a whole GC window. */
  lastFullGcWindows(): Promise<{ vault: string; vm: string; closedAt: Date }[]>;
}

const ENDED = new Set<DecisionRecord["decision"]>(["succeeded", "failed", "cancelled"]);

export class KuraMetrics implements RunObserver, AzureCallObserver {
  readonly registry = new Registry();
  readonly #runs: Counter<"kind" | "outcome">;
  readonly #decisions: Counter<"kind" | "decision">;
  readonly #steps: Histogram<"kind" | "step">;
  readonly #azureCalls: Counter<"operation" | "status">;
  readonly #azureSeconds: Histogram<"operation">;
  readonly #restorePoints: Gauge<"vault" | "vm">;

  constructor(sources: FleetSources, options: { prefix?: string } = {}) {
    const registers = [this.registry];
    const name = (suffix: string) => `${options.prefix ?? "kura_"}${suffix}`;
    collectDefaultMetrics({ register: this.registry, prefix: name("") });
    this.#runs = new Counter({
      name: name("lifecycles_total"),
      help: "Backup lifecycles and snapshot requests this process ended, by outcome.",
      labelNames: ["kind", "outcome"],
      registers,
    });
    this.#decisions = new Counter({
      name: name("run_decisions_total"),
      help: "Decisions on checkpointed runs: ended, waiting (busy VM, throttled), handed over at shutdown.",
      labelNames: ["kind", "decision"],
      registers,
    });
    this.#steps = new Histogram({
      name: name("step_duration_seconds"),
      help: "Duration of each lifecycle step, from its start to the checkpoint that ended it.",
      labelNames: ["kind", "step"],
      buckets: [0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400],
      registers,
    });
    this.#azureCalls = new Counter({
      name: name("azure_requests_total"),
      help: "HTTP attempts to Azure Resource Manager by operation and status (429 throttling included).",
      labelNames: ["operation", "status"],
      registers,
    });
    this.#azureSeconds = new Histogram({
      name: name("azure_request_duration_seconds"),
      help: "Duration of HTTP attempts to Azure Resource Manager.",
      labelNames: ["operation"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.#restorePoints = new Gauge({
      name: name("restore_points"),
      help: "Instant restore points of each VM when this process last read them (Azure refuses backups at 18).",
      labelNames: ["vault", "vm"],
      registers,
    });
    fleetGauges(name, registers, sources);
  }

  stepFinished(record: StepRecord): void {
    this.#steps.observe({ kind: record.kind, step: record.step }, record.durationMs / 1_000);
  }

  decided(record: DecisionRecord): void {
    this.#decisions.inc({ kind: record.kind, decision: record.decision });
    if (ENDED.has(record.decision)) this.#runs.inc({ kind: record.kind, outcome: record.decision });
  }

  azureCall(record: AzureCallRecord): void {
    this.#azureCalls.inc({ operation: record.operation, status: String(record.status) });
    this.#azureSeconds.observe({ operation: record.operation }, record.durationMs / 1_000);
  }

  restorePoints(vault: string, vm: string, count: number): void {
    this.#restorePoints.set({ vault, vm }, count);
  }

  /** The exposition text and its content type, for `/metrics`. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Gauges computed at scrape time from shared state. A failed source leaves its gauge empty. */
function fleetGauges(name: (suffix: string) => string, registers: Registry[], sources: FleetSources): void {
  new Gauge({
    name: name("queue_jobs"),
    help: "Jobs in each BullMQ queue by state.",
    labelNames: ["queue", "state"],
    registers,
    async collect() {
      this.reset();
      const queues = await sources.queues().catch(() => []);
      for (const q of queues) {
        for (const [state, count] of Object.entries(q.counts)) this.set({ queue: q.queue, state }, count);
      }
    },
  });
  new Gauge({
    name: name("queue_oldest_waiting_seconds"),
    help: "Age of the oldest job waiting to be picked up in each queue (0 when none waits).",
    labelNames: ["queue"],
    registers,
    async collect() {
      this.reset();
      const queues = await sources.queues().catch(() => []);
      for (const q of queues) this.set({ queue: q.queue }, (q.oldestWaitingMs ?? 0) / 1_000);
    },
  });
  new Gauge({
    name: name("pending_approvals"),
    help: "Backup and snapshot requests waiting for an approver.",
    registers,
    async collect() {
      this.set(await sources.pendingApprovals().catch(() => Number.NaN));
    },
  });
  new Gauge({
    name: name("notification_delay_seconds"),
    help: "Time from an event to its delivery to chat, over the recently delivered notifications.",
    labelNames: ["stat"],
    registers,
    async collect() {
      this.reset();
      const delays = await sources.notificationDelaysMs().catch(() => []);
      if (delays.length === 0) return;
      const sorted = [...delays].sort((a, b) => a - b);
      const at = (q: number) =>
        (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1_000;
      this.set({ stat: "p50" }, at(0.5));
      this.set({ stat: "p95" }, at(0.95));
      this.set({ stat: "max" }, at(1));
    },
  });
  new Gauge({
    name: name("gc_window_age_hours"),
    help: "Hours since each VM was last protected for a whole GC window (Azure's GC needs one weekly).",
    labelNames: ["vault", "vm"],
    registers,
    async collect() {
      this.reset();
      const windows = await sources.lastFullGcWindows().catch(() => []);
      const now = Date.now();
      for (const w of windows)
        this.set({ vault: w.vault, vm: w.vm }, (now - w.closedAt.getTime()) / 3_600_000);
    },
  });
}
