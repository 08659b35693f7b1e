/**
 * Health and metrics for every role: `/healthz`, `/readyz` and `/metrics` on the process's one HTTP
 * server (`http.port`). Readiness is Redis answering, this process's queue workers running and, for
 * a bot, each chat platform authenticated. Metrics observe the runtime's telemetry relay and read the
 * shared state (queues, pending approvals, GC window history) at scrape time.
 */
import type { Queue } from "bullmq";
import { healthRoutes, type ReadinessCheck } from "../bot/http/health.ts";
import { type HttpServer, type Route, startHttpServer } from "../bot/http/server.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import type { Logger } from "../log.ts";
import { type FleetSources, KuraMetrics, type QueueSnapshot } from "../metrics/kura-metrics.ts";
import { consoleSetup } from "./console-setup.ts";
import { configuredPlatforms } from "./platforms.ts";
import type { Runtime } from "./runtime.ts";

export interface Observability {
  /** The health and metrics routes (already mounted when this module serves them). */
  routes: Route[];
  metrics: KuraMetrics;
  /** Where they are served, when this module started the server. */
  port: number | undefined;
  server: HttpServer | undefined;
  close(): Promise<void>;
}

export interface ObservabilityOptions {
  role: string;
  /** The worker role in this process, whose queue workers must run for it to be ready. */
  worker?: { ready(): boolean };
  /** Chat platforms in this process: each must be authenticated for it to be ready. */
  platforms?: () => readonly ChatPlatform[];
  /** Start the HTTP server here (false while another component serves these routes). */
  serve: boolean;
  /** Listen here instead of `http.port` (0: a free port; tests). */
  port?: number;
}

const STATES = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "failed",
  "completed",
] as const;

export async function startObservability(
  runtime: Runtime,
  log: Logger,
  options: ObservabilityOptions,
): Promise<Observability> {
  const metrics = new KuraMetrics(fleetSources(runtime));
  runtime.telemetry.subscribe(metrics);
  const checks: ReadinessCheck[] = [
    { name: "redis", ready: async () => (await runtime.redis.ping()) === "PONG" },
  ];
  const { worker, platforms } = options;
  if (worker) checks.push({ name: "queues", ready: () => worker.ready() });
  if (platforms) {
    checks.push({
      name: "chat",
      ready: async () => {
        const all = platforms();
        return all.length > 0 && (await Promise.all(all.map((p) => p.ready()))).every(Boolean);
      },
    });
  }
  const routes: Route[] = [
    ...healthRoutes({ checks }),
    {
      methods: ["GET"],
      path: "/metrics",
      handler: async (_req, res) => {
        const { contentType, body } = await metrics.scrape();
        res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
        res.end(body);
      },
    },
  ];
  let server: HttpServer | undefined;
  if (options.serve) {
    server = await startHttpServer({
      port: options.port ?? runtime.config.http.port,
      // 127.0.0.1 in local mode (the console acts without sign-in there), else KURA_HTTP_HOST or all.
      host: consoleSetup(runtime.config).host,
      onError: (error, req) => log.error({ err: error, path: req.url }, "HTTP handler failed"),
    });
    server.mount(...routes);
    log.info({ port: server.port, role: options.role }, "health and metrics on /healthz, /readyz, /metrics");
  }
  return {
    routes,
    metrics,
    port: server?.port,
    server,
    close: async () => {
      await server?.close();
    },
  };
}

function fleetSources(runtime: Runtime): FleetSources {
  // Notifications wait in one queue per chat platform (the base queue when none is configured).
  const platforms = configuredPlatforms(runtime.config);
  const notify =
    platforms.length === 0 ? [runtime.events.queue] : platforms.map((p) => runtime.events.queueFor(p));
  const queues: Queue[] = [runtime.queue.queue, ...notify, runtime.gc.jobs.queue];
  return {
    queues: () => Promise.all(queues.map(snapshotOf)),
    // Every pending request has an expiry; asking for those expiring before the end of time lists them all.
    pendingApprovals: async () => (await runtime.journal.requests.listExpired(new Date(8.64e15))).length,
    async notificationDelaysMs() {
      const jobs = (await Promise.all(notify.map((q) => q.getJobs(["completed"], 0, 99)))).flat();
      return jobs.flatMap((job) => {
        const at = Date.parse((job.data as { at?: string }).at ?? "");
        return job.finishedOn && Number.isFinite(at) ? [Math.max(0, job.finishedOn - at)] : [];
      });
    },
    async lastFullGcWindows() {
      const windows = await runtime.gc.state.allFullWindows();
      // VM keys are `subscription/resource group/vault/vm` (vmKeyOf).
      return [...windows].map(([vmKey, closedAt]) => {
        const parts = vmKey.split("/");
        return { vault: parts[2] ?? "", vm: parts[3] ?? vmKey, closedAt };
      });
    },
  };
}

async function snapshotOf(queue: Queue): Promise<QueueSnapshot> {
  const counts = await queue.getJobCounts(...STATES);
  const [oldest] = await queue.getJobs(["waiting"], 0, 0, true);
  return {
    queue: queue.name,
    counts,
    oldestWaitingMs: oldest ? Math.max(0, Date.now() - oldest.timestamp) : undefined,
  };
}
