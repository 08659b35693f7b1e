/**
 * The shape of kura's configuration after validation. Every value is resolved (defaults applied) and
 * the whole object is deep-frozen by `loadConfig`. Grouped by concern; each group mirrors a section of
 * the optional config file (`KURA_CONFIG_FILE`), so `gc.timeZone` in the file is `config.gc.timeZone` here.
 */
import type { VaultRef, Weekday } from "../commands/ports/backup-gateway.ts";

export type AzureMode = "emulator" | "azure";
export type SlackMode = "http" | "socket";
export type Locale = "en" | "ja";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** A weekday and a local time of day (`HH:mm`) in the GC time zone. */
export interface WeeklyTime {
  day: Weekday;
  time: string;
}

/** A vault, and optionally the policy to resume protection with when Azure's item names none. */
export interface ConfiguredVault extends VaultRef {
  policy?: string;
}

export interface KuraConfig {
  /** The config file that was read (absolute path), if any. */
  configFile: string | undefined;
  azure: {
    mode: AzureMode;
    /** The ARM base URL. Undefined in emulator mode unless set: the composition root fills in the emulator's URL. */
    armEndpoint: string | undefined;
    /** An extra CA certificate (PEM file) to trust for a custom endpoint. */
    caCertFile: string | undefined;
    subscriptionId: string | undefined;
    /** ARM's write refill per second per subscription that kura paces to (at most 10). */
    armWritesPerSecond: number;
    /** Percent of ARM's buckets left to the subscription's other clients. */
    armReservePercent: number;
    /** Most HTTPS connections one process keeps open to ARM. */
    armMaxSockets: number;
    /** Emulated ms per real ms of the embedded emulator (emulator mode without an endpoint). */
    demoSpeed: number;
  };
  /** Recovery Services vaults kura works in; every entry has its subscription resolved. */
  vaults: readonly ConfiguredVault[];
  /** VM names kura may back up; empty means every VM protected in the vaults. */
  managedVms: readonly string[];
  /** A regular expression (source text) VM names must match, in addition to `managedVms`. */
  vmNamePattern: string | undefined;
  redis: {
    url: string;
    prefix: string;
    /** Start a private `redis-server` when nothing answers at a password-less loopback `url`. */
    local: "auto" | "off";
    /** `url` names a node of a Redis Cluster; then `prefix` carries a hash tag (checked at load). */
    cluster: boolean;
  };
  /** Folder for local data (private Redis, demo world), resolved against the working directory. */
  dataDir: string;
  queues: { lifecycle: string; notify: string; maintenance: string; workerConcurrency: number };
  /** How long finished work and history stay in Redis: with these, Redis memory is bounded. */
  retention: {
    finishedJobsHours: number;
    events: number;
    maintenanceJobs: number;
    idempotencyHours: number;
    consoleHistory: number;
    /** Days an ended request is kept (then pruned by the worker's maintenance). */
    requestsDays: number;
    /** Days audit entries are kept (at least `requestsDays`). */
    auditDays: number;
  };
  requests: { retentionDaysDefault: number; ttlMinutes: number };
  preflight: {
    rpLimit: number;
    rpWarnThreshold: number;
    scheduleMarginBeforeMinutes: number;
    scheduleMarginAfterMinutes: number;
    dailyOnDemandLimit: number;
  };
  worker: {
    lockDurationMs: number;
    maxStalledCount: number;
    watcher: { baseIntervalMs: number; maxIntervalMs: number; detailIntervalMs: number };
  };
  /** How long a stopping process lets running steps reach their next checkpoint. */
  shutdown: { graceSeconds: number };
  reconciler: { everyMinutes: number };
  gc: {
    /** IANA time zone the window and reminder are expressed in. */
    timeZone: string;
    openDay: Weekday;
    /** `HH:mm`. */
    openTime: string;
    durationHours: number;
    /** When to remind the channel that the window opens; undefined when turned off. */
    reminder: WeeklyTime | undefined;
    /** VMs a window pass converges at once. */
    concurrency: number;
    /** Days without a full GC window before a VM is flagged. */
    overdueAfterDays: number;
    /** `HH:mm` of the daily restore point check, in `timeZone`. */
    rpWatchTime: string;
    jobCheckMinutes: number;
  };
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    mode: SlackMode;
    /** The Web API base, ending in `/`. */
    apiUrl: string;
    /** Channels for system notices (not tied to one request); empty: none are posted. */
    notifyChannels: readonly string[];
  };
  /** Microsoft Teams (Bot Framework); `enabled` when an app id is set or local mode is asked for. */
  teams: {
    enabled: boolean;
    /** Undefined: local mode (no authentication, loopback callers only). */
    appId: string | undefined;
    appPassword: string | undefined;
    certificateThumbprint: string | undefined;
    /** Absolute path of the PEM private key of that certificate. */
    certificateKeyFile: string | undefined;
    appType: "MultiTenant" | "SingleTenant";
    tenantId: string | undefined;
    /** The OpenID metadata URL trusted for inbound tokens; undefined: the Bot Framework's own. */
    openIdMetadataUrl: string | undefined;
    /** Conversation ids that get system notices. */
    notifyChannels: readonly string[];
  };
  /**
   * Who may approve, as platform-qualified identities (`slack:U0123`, `teams:<AAD object id>`,
   * `console:<person>`) and groups (`slack:S0123`), so one person's id on one platform never
   * matches another platform's.
   */
  approvers: {
    users: readonly string[];
    groups: readonly string[];
    allowSelfApproval: boolean;
  };
  /** Who may read the audit trail besides approvers (`/backup audit`): qualified ids, as approvers. */
  auditors: {
    users: readonly string[];
    groups: readonly string[];
  };
  http: {
    port: number;
    /** Listen address; undefined: 127.0.0.1 in local mode, else 0.0.0.0 (see `consoleSetup`). */
    host: string | undefined;
  };
  /** The local web console (src/bot/console). */
  console: { enabled: "auto" | "on" | "off"; token: string | undefined };
  chat: { locale: Locale };
  log: { level: LogLevel };
}
