/**
 * Every setting kura reads, with the one-line description README's configuration table is generated
 * from (scripts/config-table.ts; a unit test keeps README and this list in step).
 */
import type { Rule } from "./rules.ts";
import {
  flag,
  KEY_PREFIX,
  NAME,
  nonEmpty,
  oneOf,
  positiveAtMost,
  qualifiedIds,
  regexSource,
  slackChannelIds,
  slackSigningSecret,
  slackToken,
  subscriptionId,
  teamsConversationIds,
  text,
  timeOfDay,
  timeZone,
  tokenReceiverUrl,
  url,
  uuid,
  weekday,
  weeklyTimeOrOff,
  wholeNumber,
} from "./rules.ts";

/** Groups of settings, in the order README lists them. */
export const CONFIG_GROUPS = [
  "General",
  "Azure",
  "Redis and queues",
  "Requests",
  "Preflight",
  "Worker",
  "Reconciler",
  "GC window",
  "Chat",
  "Logging",
] as const;

export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

/** Public metadata of one setting. */
export interface ConfigKey {
  /** Environment variable name; undefined for settings that only the config file can hold. */
  env: string | undefined;
  /** Dotted path of the value in `KuraConfig`, e.g. `gc.timeZone`. */
  path: string;
  /** Key in the config file (the same dotted path); undefined when only the environment may set it. */
  file: string | undefined;
  group: ConfigGroup;
  /** Default as people read it; undefined when the setting is optional and has none. */
  default: string | undefined;
  description: string;
  /** Never logged or echoed in errors; read only from the environment. */
  secret: boolean;
}

/** A scalar setting: settable from the environment (and, unless `fileAllowed` is false, the file). */
export interface ScalarSpec<T, D extends string | undefined = string | undefined> {
  env: string;
  group: ConfigGroup;
  default: D;
  description: string;
  rule: Rule<T>;
  secret?: boolean;
  fileAllowed?: boolean;
  /** Why the rule is what it is; appended to error messages. */
  why?: string;
  /** The file holds this setting as a list under this key instead (checked by the file's schema). */
  fileList?: string;
}

const scalar = <T, D extends string | undefined>(spec: ScalarSpec<T, D>): ScalarSpec<T, D> => spec;

/** Scalar settings, keyed by their dotted path in `KuraConfig` and the config file. */
export const SCALARS = {
  configFile: scalar({
    env: "KURA_CONFIG_FILE",
    group: "General",
    default: undefined,
    fileAllowed: false,
    rule: nonEmpty,
    description:
      "Optional YAML or JSON file with the structured settings below and any non-secret key; the environment overrides it.",
  }),
  dataDir: scalar({
    env: "KURA_DATA_DIR",
    group: "General",
    default: ".kura",
    rule: nonEmpty,
    description:
      "Folder (relative to the working directory) for kura's local data: the private Redis's files (`redis/`).",
  }),
  "azure.mode": scalar({
    env: "KURA_AZURE_MODE",
    group: "Azure",
    default: "emulator",
    rule: oneOf(["emulator", "azure"]),
    description:
      "`emulator` starts the embedded Azure Backup emulator with demo data; `azure` uses real Azure Resource Manager.",
  }),
  "azure.demoSpeed": scalar({
    env: "KURA_DEMO_SPEED",
    group: "Azure",
    default: "60",
    rule: wholeNumber(1, 3600),
    description:
      "How much faster than real time the embedded emulator's world runs (60: one emulated hour per real minute, so a demo backup takes about a minute); 1 is real time.",
  }),
  "azure.armEndpoint": scalar({
    env: "AZURE_ARM_ENDPOINT",
    group: "Azure",
    default: "https://management.azure.com",
    rule: url(["https", "http"], "https://management.azure.com"),
    description:
      "Azure Resource Manager base URL; in emulator mode leave it unset to use the embedded emulator.",
  }),
  "azure.caCertFile": scalar({
    env: "AZURE_CA_CERT_FILE",
    group: "Azure",
    default: undefined,
    rule: nonEmpty,
    description:
      "Extra CA certificate (PEM file) to trust for a custom ARM endpoint, such as a standalone emulator.",
  }),
  "azure.subscriptionId": scalar({
    env: "AZURE_SUBSCRIPTION_ID",
    group: "Azure",
    default: undefined,
    rule: subscriptionId,
    description: "Subscription of every vault listed without its own `subscriptionId`.",
  }),
  "azure.armWritesPerSecond": scalar({
    env: "KURA_ARM_WRITES_PER_SECOND",
    group: "Azure",
    default: "10",
    rule: positiveAtMost(10),
    why: "ARM refills write tokens at 10 per second per subscription; kura's pacing follows ARM's remaining-writes header, so it never needs to guess lower.",
    description:
      "ARM's write refill per second and subscription, which kura paces its writes to (after spending ARM's burst of 200, minus `KURA_ARM_RESERVE_PERCENT`); at most 10.",
  }),
  "azure.armMaxSockets": scalar({
    env: "KURA_ARM_MAX_SOCKETS",
    group: "Azure",
    default: "16",
    rule: wholeNumber(1, 256),
    description:
      "Most HTTPS connections a kura process keeps open to ARM (kept alive and reused; further calls wait for a free one). Each open connection holds ~150 KB of TLS state; ARM's own budget (25 reads and 10 writes per second and subscription) keeps far fewer busy.",
  }),
  "azure.armReservePercent": scalar({
    env: "KURA_ARM_RESERVE_PERCENT",
    group: "Azure",
    default: "5",
    rule: wholeNumber(0, 90),
    description:
      "Percent of ARM's per-subscription read and write buckets kura leaves for the subscription's other clients: kura waits whenever ARM's `x-ms-ratelimit-remaining-subscription-*` header falls to it. 5 leaves 10 of ARM's 200 writes and 12 of its 250 reads; at 10, 100 approvals at once wait ~1 s more for their last backups to start.",
  }),
  vmNamePattern: scalar({
    env: "KURA_VM_NAME_PATTERN",
    group: "Azure",
    default: undefined,
    rule: regexSource,
    description: "Regular expression a VM name must match before kura backs it up (on top of `managedVms`).",
  }),
  "redis.url": scalar({
    env: "REDIS_URL",
    group: "Redis and queues",
    default: "redis://127.0.0.1:6379",
    rule: url(["redis", "rediss"], "redis://127.0.0.1:6379"),
    description: "Redis connection URL (`redis://` or `rediss://`); a password in it is masked in logs.",
  }),
  "redis.local": scalar({
    env: "KURA_REDIS_LOCAL",
    group: "Redis and queues",
    default: "auto",
    rule: oneOf(["auto", "off"]),
    description:
      "When nothing answers at `REDIS_URL` and it names this machine without a password (as the default does): `auto` starts a private `redis-server` there (data in `KURA_DATA_DIR/redis/`, stopped with kura); `off` stops with the remedies.",
  }),
  "redis.prefix": scalar({
    env: "KURA_REDIS_PREFIX",
    group: "Redis and queues",
    default: "kura",
    rule: text(
      KEY_PREFIX,
      "letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit, or with one hash tag like {kura}",
    ),
    description:
      "Prefix of every Redis key kura writes, so several kura instances can share one Redis. On Redis Cluster it must carry a hash tag, like `{kura}`, so every key of kura's lands on one slot.",
  }),
  "redis.cluster": scalar({
    env: "KURA_REDIS_CLUSTER",
    group: "Redis and queues",
    default: "false",
    rule: flag,
    description:
      "`true` when `REDIS_URL` names a node of a Redis Cluster (Azure Cache for Redis with clustering, say): kura discovers the other nodes from it. Needs a hash-tagged `KURA_REDIS_PREFIX` and database 0.",
  }),
  "queues.lifecycle": scalar({
    env: "KURA_QUEUE_LIFECYCLE",
    group: "Redis and queues",
    default: "kura-lifecycle",
    rule: text(NAME, "a queue name: letters, digits, '.', '_' or '-' (no ':')"),
    description: "BullMQ queue of backup lifecycle jobs (resume protection, back up, wait, stop).",
  }),
  "queues.notify": scalar({
    env: "KURA_QUEUE_NOTIFY",
    group: "Redis and queues",
    default: "kura-notify",
    rule: text(NAME, "a queue name: letters, digits, '.', '_' or '-' (no ':')"),
    description: "BullMQ queue of chat notifications.",
  }),
  "queues.maintenance": scalar({
    env: "KURA_QUEUE_MAINTENANCE",
    group: "Redis and queues",
    default: "kura-maintenance",
    rule: text(NAME, "a queue name: letters, digits, '.', '_' or '-' (no ':')"),
    description: "BullMQ queue of GC windows, restore point watches and reconciliation.",
  }),
  "queues.workerConcurrency": scalar({
    env: "KURA_WORKER_CONCURRENCY",
    group: "Redis and queues",
    default: "10",
    rule: wholeNumber(1, 100),
    description: "Jobs one worker runs at the same time, per queue.",
  }),
  "retention.finishedJobsHours": scalar({
    env: "KURA_KEEP_FINISHED_JOBS_HOURS",
    group: "Redis and queues",
    default: "24",
    rule: wholeNumber(1, 8760),
    description:
      "Hours a finished or given-up lifecycle job stays in Redis (BullMQ) before it is removed; the request itself stays in the request store (`KURA_KEEP_REQUESTS_DAYS`).",
  }),
  "retention.events": scalar({
    env: "KURA_KEEP_EVENTS",
    group: "Redis and queues",
    default: "10000",
    rule: wholeNumber(10, 1_000_000),
    description:
      "Delivered (or given-up) chat notification jobs kept in Redis per platform queue; older ones are removed.",
  }),
  "retention.maintenanceJobs": scalar({
    env: "KURA_KEEP_MAINTENANCE_JOBS",
    group: "Redis and queues",
    default: "200",
    rule: wholeNumber(10, 100_000),
    description:
      "Finished GC, restore point watch and reconciliation jobs kept in Redis; older ones are removed.",
  }),
  "retention.idempotencyHours": scalar({
    env: "KURA_KEEP_IDEMPOTENCY_HOURS",
    group: "Redis and queues",
    default: "24",
    rule: wholeNumber(1, 720),
    description:
      "Hours a chat command's idempotency key (a re-delivered Slack command or Teams activity is handled once) stays in Redis.",
  }),
  "retention.consoleHistory": scalar({
    env: "KURA_KEEP_CONSOLE_HISTORY",
    group: "Redis and queues",
    default: "300",
    rule: wholeNumber(10, 100_000),
    description: "Messages the web console keeps in Redis (its history); older ones are trimmed.",
  }),
  "retention.requestsDays": scalar({
    env: "KURA_KEEP_REQUESTS_DAYS",
    group: "Redis and queues",
    default: "180",
    rule: wholeNumber(1, 3650),
    why: "A request's history should outlive the recovery point it made (ad-hoc backups are kept up to 99 days).",
    description:
      "Days a request stays readable (`/backup status <id>`, history, its card) after it ended (succeeded, failed, cancelled, rejected or expired); then the worker removes it with its index entries and chat delivery state. Requests that have not ended are never removed.",
  }),
  "retention.auditDays": scalar({
    env: "KURA_KEEP_AUDIT_DAYS",
    group: "Redis and queues",
    default: "365",
    rule: wholeNumber(1, 3650),
    why: "Every request still kept should keep its audit entries, so the audit trail is kept at least as long.",
    description:
      "Days audit entries stay in Redis (`/backup audit`, the export); older ones are trimmed by the worker. At least `KURA_KEEP_REQUESTS_DAYS`; export the trail first if you need it longer.",
  }),
  "requests.retentionDaysDefault": scalar({
    env: "KURA_RETENTION_DAYS_DEFAULT",
    group: "Requests",
    default: "30",
    rule: wholeNumber(1, 99),
    description: "Days an ad-hoc backup is kept when the request does not say.",
  }),
  "requests.ttlMinutes": scalar({
    env: "KURA_REQUEST_TTL_MINUTES",
    group: "Requests",
    default: "60",
    rule: wholeNumber(1, 1440),
    description: "Minutes a backup request waits for approval before it expires.",
  }),
  "preflight.rpLimit": scalar({
    env: "KURA_RP_LIMIT",
    group: "Preflight",
    default: "18",
    rule: wholeNumber(2, 18),
    why: "Azure fails backups at 18 restore points (UserErrorRpCollectionLimitReached); a lower value makes kura stricter.",
    description: "Restore points per VM at which kura refuses a backup (Azure's own limit is 18).",
  }),
  "preflight.rpWarnThreshold": scalar({
    env: "KURA_RP_WARN_THRESHOLD",
    group: "Preflight",
    default: "15",
    rule: wholeNumber(1, 17),
    description:
      "Restore points per VM at which kura warns before backing up; must be below `KURA_RP_LIMIT`.",
  }),
  "preflight.scheduleMarginBeforeMinutes": scalar({
    env: "KURA_SCHEDULE_MARGIN_BEFORE_MINUTES",
    group: "Preflight",
    default: "120",
    rule: wholeNumber(0, 1440),
    description: "Minutes before a policy's scheduled backup in which kura will not start an ad-hoc one.",
  }),
  "preflight.scheduleMarginAfterMinutes": scalar({
    env: "KURA_SCHEDULE_MARGIN_AFTER_MINUTES",
    group: "Preflight",
    default: "180",
    rule: wholeNumber(0, 1440),
    description: "Minutes after a policy's scheduled backup in which kura will not start an ad-hoc one.",
  }),
  "preflight.dailyOnDemandLimit": scalar({
    env: "KURA_DAILY_ONDEMAND_LIMIT",
    group: "Preflight",
    default: "9",
    rule: wholeNumber(1, 100),
    description:
      "On-demand backups of one VM per UTC day before kura refuses another (Azure limits them per VM per day).",
  }),
  "worker.lockDurationMs": scalar({
    env: "KURA_WORKER_LOCK_MS",
    group: "Worker",
    default: "30000",
    rule: wholeNumber(1000, 600_000),
    description:
      "How long a worker's hold on a lifecycle job lasts unrenewed: how soon another worker takes over after a crash.",
  }),
  "worker.maxStalledCount": scalar({
    env: "KURA_WORKER_MAX_STALLED",
    group: "Worker",
    default: "10",
    rule: wholeNumber(1, 1000),
    description: "How many times a lifecycle whose worker died is taken over before it is given up.",
  }),
  "shutdown.graceSeconds": scalar({
    env: "KURA_SHUTDOWN_GRACE_SECONDS",
    group: "Worker",
    default: "10",
    rule: wholeNumber(1, 3600),
    description:
      "Seconds a stopping process (SIGTERM) gives running steps to reach their next checkpoint before it exits; a second signal exits at once.",
  }),
  "worker.watcher.baseIntervalMs": scalar({
    env: "KURA_POLL_BASE_MS",
    group: "Worker",
    default: "15000",
    rule: wholeNumber(50, 600_000),
    description:
      "First interval between polls of a vault's running backup jobs (one list call per vault per poll).",
  }),
  "worker.watcher.maxIntervalMs": scalar({
    env: "KURA_POLL_MAX_MS",
    group: "Worker",
    default: "120000",
    rule: wholeNumber(50, 3_600_000),
    description: "Longest interval between polls as jobs age.",
  }),
  "worker.watcher.detailIntervalMs": scalar({
    env: "KURA_POLL_DETAIL_MS",
    group: "Worker",
    default: "60000",
    rule: wholeNumber(50, 3_600_000),
    description: "At most one job-details read per job per this interval, for task progress.",
  }),
  "reconciler.everyMinutes": scalar({
    env: "KURA_RECONCILE_EVERY_MINUTES",
    group: "Reconciler",
    default: "5",
    rule: wholeNumber(1, 60),
    description: "How often kura compares each VM's protection state in Azure with what it expects.",
  }),
  "gc.timeZone": scalar({
    env: "KURA_GC_TIMEZONE",
    group: "GC window",
    default: "Asia/Tokyo",
    rule: timeZone,
    description: "IANA time zone of the GC window and its reminder.",
  }),
  "gc.openDay": scalar({
    env: "KURA_GC_OPEN_DAY",
    group: "GC window",
    default: "Saturday",
    rule: weekday,
    description:
      "Weekday the weekly GC window opens (protection resumes so Azure's garbage collection runs).",
  }),
  "gc.openTime": scalar({
    env: "KURA_GC_OPEN_TIME",
    group: "GC window",
    default: "00:00",
    rule: timeOfDay,
    description: "Local time (`HH:mm`) the GC window opens.",
  }),
  "gc.durationHours": scalar({
    env: "KURA_GC_DURATION_HOURS",
    group: "GC window",
    default: "48",
    rule: wholeNumber(24, 167),
    why: "Azure runs GC within 24 hours of protection resuming, and the window must close before next week's opens.",
    description: "Hours the GC window stays open; at least 24 (GC runs within 24 h), 48 leaves a margin.",
  }),
  "gc.reminder": scalar({
    env: "KURA_GC_REMINDER",
    group: "GC window",
    default: "Friday 17:00",
    rule: weeklyTimeOrOff,
    description: "When to announce the coming GC window (`Friday 17:00`), or `off`.",
  }),
  "gc.concurrency": scalar({
    env: "KURA_GC_CONCURRENCY",
    group: "GC window",
    default: "32",
    rule: wholeNumber(1, 500),
    description:
      "VMs the window's opening or closing works on at once in each subscription (ARM's budgets are per subscription); ARM writes stay paced by `KURA_ARM_WRITES_PER_SECOND`.",
  }),
  "gc.overdueAfterDays": scalar({
    env: "KURA_GC_OVERDUE_DAYS",
    group: "GC window",
    default: "8",
    rule: wholeNumber(2, 60),
    description: "Days since a VM was last protected for a whole GC window before kura flags it.",
  }),
  "gc.rpWatchTime": scalar({
    env: "KURA_RP_WATCH_TIME",
    group: "GC window",
    default: "09:00",
    rule: timeOfDay,
    description:
      "Local time (`HH:mm`, GC time zone) of the daily restore point check (it also runs after every backup).",
  }),
  "gc.jobCheckMinutes": scalar({
    env: "KURA_JOB_CHECK_MINUTES",
    group: "GC window",
    default: "15",
    rule: wholeNumber(1, 1440),
    description:
      "How often kura looks for failed Azure backup jobs (any origin) to report them with their remedy.",
  }),
  "slack.botToken": scalar({
    env: "SLACK_BOT_TOKEN",
    group: "Chat",
    default: undefined,
    secret: true,
    rule: slackToken("xoxb-", "a Slack bot token"),
    description: "Slack bot token (`xoxb-…`); Slack stays off while it is unset.",
  }),
  "slack.signingSecret": scalar({
    env: "SLACK_SIGNING_SECRET",
    group: "Chat",
    default: undefined,
    secret: true,
    rule: slackSigningSecret,
    description: "Slack signing secret, to verify Slack's requests in `http` mode.",
  }),
  "slack.appToken": scalar({
    env: "SLACK_APP_TOKEN",
    group: "Chat",
    default: undefined,
    secret: true,
    rule: slackToken("xapp-", "a Slack app-level token"),
    description: "Slack app-level token (`xapp-…`) for `socket` mode.",
  }),
  "slack.mode": scalar({
    env: "SLACK_MODE",
    group: "Chat",
    default: "http",
    rule: oneOf(["http", "socket"]),
    description:
      "`http`: Slack calls kura on `KURA_HTTP_PORT`; `socket`: kura connects out (Socket Mode, no public URL).",
  }),
  "slack.apiUrl": scalar({
    env: "SLACK_API_URL",
    group: "Chat",
    default: "https://slack.com/api/",
    // It receives the bot token: from the environment only, and https unless on loopback.
    fileAllowed: false,
    rule: tokenReceiverUrl("https://slack.com/api/"),
    description:
      "Base URL of the Slack Web API (`https://slack-gov.com/api/` for GovSlack, or a local stand-in in tests); it receives the bot token, so environment only and https unless on loopback.",
  }),
  "slack.notifyChannels": scalar({
    env: "SLACK_NOTIFY_CHANNELS",
    group: "Chat",
    default: undefined,
    rule: slackChannelIds,
    description:
      "Comma-separated Slack channel ids that get kura's system notices (drift repairs, GC windows) as one summary per burst.",
  }),
  "teams.appId": scalar({
    env: "TEAMS_APP_ID",
    group: "Chat",
    default: undefined,
    rule: uuid("the Azure Bot's Microsoft App ID (a GUID)"),
    description:
      "Microsoft App ID of the Azure Bot (its Entra app registration); turns Teams on at `POST /api/messages` with every activity authenticated.",
  }),
  "teams.appPassword": scalar({
    env: "TEAMS_APP_PASSWORD",
    group: "Chat",
    default: undefined,
    secret: true,
    rule: nonEmpty,
    description: "Client secret of the bot's app registration (or use a certificate instead).",
  }),
  "teams.certificateThumbprint": scalar({
    env: "TEAMS_CERTIFICATE_THUMBPRINT",
    group: "Chat",
    default: undefined,
    rule: text(/^[0-9A-Fa-f]{40}$/, "a certificate SHA-1 thumbprint (40 hexadecimal digits)"),
    description: "Thumbprint of the certificate the bot authenticates with, instead of a client secret.",
  }),
  "teams.certificateKeyFile": scalar({
    env: "TEAMS_CERTIFICATE_KEY_FILE",
    group: "Chat",
    default: undefined,
    rule: nonEmpty,
    description: "PEM file holding that certificate's private key.",
  }),
  "teams.appType": scalar({
    env: "TEAMS_APP_TYPE",
    group: "Chat",
    default: "MultiTenant",
    rule: oneOf(["MultiTenant", "SingleTenant"]),
    description: "`MultiTenant` or `SingleTenant`, as the Azure Bot resource was created.",
  }),
  "teams.tenantId": scalar({
    env: "TEAMS_TENANT_ID",
    group: "Chat",
    default: undefined,
    rule: uuid("an Entra tenant id (a GUID)"),
    description: "Entra tenant id of a `SingleTenant` bot.",
  }),
  "teams.local": scalar({
    env: "TEAMS_LOCAL",
    group: "Chat",
    default: "false",
    rule: flag,
    description:
      "`true` turns Teams on without an app id: local mode, no authentication, loopback callers only (Agents Playground, tests).",
  }),
  "teams.openIdMetadataUrl": scalar({
    env: "TEAMS_OPENID_METADATA_URL",
    group: "Chat",
    default: undefined,
    fileAllowed: false,
    rule: url(["https", "http"], "https://login.botframework.com/v1/.well-known/openidconfiguration"),
    description:
      "OpenID metadata kura trusts for the Bot Framework's tokens; unset uses Microsoft's (tests point it at a local issuer; http only on loopback).",
  }),
  "teams.notifyChannels": scalar({
    env: "TEAMS_NOTIFY_CHANNELS",
    group: "Chat",
    default: undefined,
    rule: teamsConversationIds,
    description:
      "Comma-separated Teams conversation ids (`19:…@thread.tacv2`) that get system notices; kura must be installed there.",
  }),
  "approvers.users": scalar({
    env: "KURA_APPROVERS",
    group: "Chat",
    default: undefined,
    fileAllowed: false,
    fileList: "approvers.users",
    rule: qualifiedIds("user"),
    description:
      "Who may approve requests, qualified by platform: `slack:U0123,teams:<AAD object id>,console:<person>` (a list in the file).",
  }),
  "approvers.groups": scalar({
    env: "KURA_APPROVER_GROUPS",
    group: "Chat",
    default: undefined,
    fileAllowed: false,
    fileList: "approvers.groups",
    rule: qualifiedIds("group"),
    description:
      "Groups whose members may approve, qualified by platform: `slack:S0123` (a list in the file).",
  }),
  "auditors.users": scalar({
    env: "KURA_AUDITORS",
    group: "Chat",
    default: undefined,
    fileAllowed: false,
    fileList: "auditors.users",
    rule: qualifiedIds("user"),
    description:
      "Who may read the audit trail (`/backup audit`) besides approvers, qualified by platform: `slack:U0123` (a list in the file).",
  }),
  "auditors.groups": scalar({
    env: "KURA_AUDITOR_GROUPS",
    group: "Chat",
    default: undefined,
    fileAllowed: false,
    fileList: "auditors.groups",
    rule: qualifiedIds("group"),
    description:
      "Groups whose members may read the audit trail besides approvers: `slack:S0123` (a list in the file).",
  }),
  "http.port": scalar({
    env: "KURA_HTTP_PORT",
    group: "Chat",
    default: "3000",
    rule: wholeNumber(0, 65535),
    description:
      "Port of kura's HTTP server in every role (`/healthz`, `/readyz`, `/metrics`; Slack `http` mode, Teams `/api/messages`, the console); 0 picks a free one.",
  }),
  "http.host": scalar({
    env: "KURA_HTTP_HOST",
    group: "Chat",
    default: undefined,
    rule: text(/^[A-Za-z0-9.:[\]-]{1,255}$/, "an IP address or host name, such as 127.0.0.1 or 0.0.0.0"),
    description:
      "Address kura's HTTP server listens on; unset: `127.0.0.1` in local mode (emulator, no chat platform configured), else `0.0.0.0`.",
  }),
  "console.enabled": scalar({
    env: "KURA_CONSOLE",
    group: "Chat",
    default: "auto",
    rule: oneOf(["auto", "on", "off"]),
    description:
      "The local web console at `/`: `auto` runs it in local mode only; `on` also elsewhere (read-only unless `KURA_CONSOLE_TOKEN` is set); `off` never.",
  }),
  "console.token": scalar({
    env: "KURA_CONSOLE_TOKEN",
    group: "Chat",
    default: undefined,
    secret: true,
    rule: text(/^\S{16,}$/, "at least 16 characters without spaces"),
    description:
      "Shared secret for the web console (`Authorization: Bearer …`, or typed once on the page): with it the console takes commands outside local mode.",
  }),
  "chat.locale": scalar({
    env: "KURA_LOCALE",
    group: "Chat",
    default: "en",
    rule: oneOf(["en", "ja"]),
    description: "Language of kura's chat messages: `en` or `ja`.",
  }),
  "log.level": scalar({
    env: "KURA_LOG_LEVEL",
    group: "Logging",
    default: "info",
    rule: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    description: "Log level: fatal, error, warn, info, debug, trace or silent.",
  }),
} as const;

export type ScalarId = keyof typeof SCALARS;

/** The scalar setting at a dotted path, if there is one. */
export function scalarSpec(path: string): ScalarSpec<unknown> | undefined {
  return Object.hasOwn(SCALARS, path) ? SCALARS[path as ScalarId] : undefined;
}

/** Settings only the config file can hold (lists and mappings). */
const FILE_ONLY: readonly ConfigKey[] = [
  {
    env: undefined,
    path: "vaults",
    file: "vaults",
    group: "Azure",
    default: undefined,
    secret: false,
    description:
      "Recovery Services vaults: a list of `{ subscriptionId?, resourceGroup, name, policy? }` (`policy`: the one to resume protection with when Azure's item names none); required in `azure` mode.",
  },
  {
    env: undefined,
    path: "managedVms",
    file: "managedVms",
    group: "Azure",
    default: "[]",
    secret: false,
    description: "VM names kura may back up; empty means every VM protected in the vaults.",
  },
  {
    env: undefined,
    path: "approvers.allowSelfApproval",
    file: "approvers.allowSelfApproval",
    group: "Chat",
    default: "false",
    secret: false,
    description: "Whether a requester may approve their own request.",
  },
];

/** Whether a scalar may be set in the config file (secrets and the file's own path may not). */
export function fileAllowed(spec: ScalarSpec<unknown>): boolean {
  return spec.fileAllowed !== false && spec.secret !== true;
}

/** Every setting kura reads, grouped by concern, in README order. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze(
  [
    ...Object.entries(SCALARS).map(
      ([path, s]): ConfigKey => ({
        env: s.env,
        path,
        file: "fileList" in s && s.fileList ? s.fileList : fileAllowed(s) ? path : undefined,
        group: s.group,
        default: s.default,
        description: s.description,
        secret: "secret" in s && s.secret === true,
      }),
    ),
    ...FILE_ONLY,
  ]
    .sort((a, b) => CONFIG_GROUPS.indexOf(a.group) - CONFIG_GROUPS.indexOf(b.group))
    .map((k) => Object.freeze(k)),
);
