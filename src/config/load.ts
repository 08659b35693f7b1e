/**
 * Builds `KuraConfig` from an environment and the optional config file: every scalar through its
 * rule, then the checks that involve several keys. All problems are collected, then thrown together.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, type ConfigProblem } from "./error.ts";
import { type FileSettings, readConfigFile, scalarAt, show } from "./file.ts";
import { fileAllowed, SCALARS, type ScalarId, type ScalarSpec } from "./keys.ts";
import { hashTagOf } from "./rules.ts";
import type { ConfiguredVault, KuraConfig } from "./types.ts";

export interface LoadConfigOptions {
  /** Reads a file as UTF-8 text. @defaultValue `fs.readFileSync(path, "utf8")` */
  readFile?: (path: string) => string;
  /** Directory that relative file paths are resolved against. @defaultValue `process.cwd()` */
  cwd?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

type ValueOf<S> = S extends ScalarSpec<infer T, infer D> ? (D extends string ? T : T | undefined) : never;
type Values = { -readonly [K in ScalarId]: ValueOf<(typeof SCALARS)[K]> };
type Source = "env" | "file" | "default";

interface Context {
  values: Values;
  sources: Record<ScalarId, Source>;
  /** Where a key was set, as people should look for it: env name or file path. */
  name(id: ScalarId): string;
  fileName: string | undefined;
  problems: ConfigProblem[];
  /** Keys whose value was rejected (their problem is already recorded). */
  failed: Set<ScalarId>;
}

/** True when every key given parsed, so a check across them is meaningful. */
const allValid = (ctx: Context, ...ids: ScalarId[]): boolean => ids.every((id) => !ctx.failed.has(id));

/** A raw setting is absent when unset or blank (`KEY=` in an .env file means "use the default"). */
const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** REDIS_URL-style credentials (`//user:password@`) masked, for messages and logs. */
export function maskUrlCredentials(value: string): string {
  return value.replace(/\/\/[^@/]*@/, "//***@");
}

function parseScalars(
  env: Env,
  raw: Record<string, unknown> | undefined,
  fileName: string | undefined,
): Context {
  const values: Record<string, unknown> = {};
  const sources = {} as Record<ScalarId, Source>;
  const problems: ConfigProblem[] = [];
  const failed = new Set<ScalarId>();
  for (const [id, spec] of Object.entries(SCALARS) as [ScalarId, ScalarSpec<unknown>][]) {
    const fromEnv = env[spec.env];
    const fromFile = raw && fileAllowed(spec) ? scalarAt(raw, id) : undefined;
    const source: Source = present(fromEnv) ? "env" : present(fromFile) ? "file" : "default";
    const text = source === "env" ? fromEnv : source === "file" ? fromFile : spec.default;
    sources[id] = source;
    if (text === undefined) continue;
    const parsed = spec.rule.schema.safeParse(text);
    if (parsed.success) {
      values[id] = parsed.data;
      continue;
    }
    failed.add(id);
    const shown = spec.secret
      ? "value hidden"
      : `got ${show(id === "redis.url" ? maskUrlCredentials(text) : text)}`;
    const why = spec.why ? ` ${spec.why}` : "";
    const fallback = spec.default === undefined ? "" : ` to use ${spec.default}`;
    const fix =
      source === "file"
        ? `Fix it in ${fileName} or remove it${fallback}.`
        : `Set it in the environment or remove it${fallback}.`;
    // A rule's own words for an entry (which list entry, and its rewrite) say more than `expect`.
    const detail = parsed.error.issues
      .filter((issue) => issue.code === "custom" && issue.params?.explains === true)
      .map((issue) => issue.message)
      .join("; ");
    problems.push({
      key: source === "file" ? id : spec.env,
      message: `must be ${spec.rule.expect} (${shown})${detail ? `: ${detail}` : ""}.${why} ${fix}`,
    });
  }
  return {
    // Every key either parsed or has a problem recorded; callers read values only when problems is empty.
    values: values as Values,
    sources,
    name: (id) => (sources[id] === "file" ? id : SCALARS[id].env),
    fileName,
    problems,
    failed,
  };
}

function checkPreflight(ctx: Context): void {
  const { values: v, sources, name, problems } = ctx;
  if (!allValid(ctx, "preflight.rpWarnThreshold", "preflight.rpLimit")) return;
  if (v["preflight.rpWarnThreshold"] < v["preflight.rpLimit"]) return;
  const limit = v["preflight.rpLimit"];
  const dflt = sources["preflight.rpWarnThreshold"] === "default" ? ", the default" : "";
  problems.push({
    key: name("preflight.rpWarnThreshold"),
    message: `must be below ${name("preflight.rpLimit")} (got "${v["preflight.rpWarnThreshold"]}"${dflt}, with the limit at ${limit}). Set ${SCALARS["preflight.rpWarnThreshold"].env} to at most ${limit - 1}, or raise the limit.`,
  });
}

/** A kept request keeps its audit entries: the audit trail is kept at least as long as requests. */
function checkRetention(ctx: Context): void {
  const { values: v, name, problems } = ctx;
  if (!allValid(ctx, "retention.auditDays", "retention.requestsDays")) return;
  const requestsDays = v["retention.requestsDays"];
  if (v["retention.auditDays"] >= requestsDays) return;
  problems.push({
    key: name("retention.auditDays"),
    message: `must be at least ${name("retention.requestsDays")} (got ${v["retention.auditDays"]}, with requests kept ${requestsDays} days): a request still kept would lose its audit entries. Set ${SCALARS["retention.auditDays"].env} to at least ${requestsDays}, or keep requests for less.`,
  });
}

function checkQueues(ctx: Context): void {
  const { values: v, name, problems } = ctx;
  const ids = ["queues.lifecycle", "queues.notify", "queues.maintenance"] as const;
  ids.forEach((id, i) => {
    if (!allValid(ctx, ...ids.slice(0, i + 1))) return;
    const earlier = ids.slice(0, i).find((other) => v[other] === v[id]);
    if (earlier === undefined) return;
    problems.push({
      key: name(id),
      message: `must differ from ${name(earlier)} (both are ${show(v[id])}). Give each queue its own name.`,
    });
  });
}

/** On Redis Cluster, every key of kura's (BullMQ's included) must hash to one slot, and only db 0 exists. */
function checkRedisCluster(ctx: Context): void {
  const { values: v, sources, name, problems } = ctx;
  if (!allValid(ctx, "redis.cluster", "redis.prefix", "redis.url") || !v["redis.cluster"]) return;
  const prefix = v["redis.prefix"];
  if (hashTagOf(prefix) === undefined) {
    const dflt = sources["redis.prefix"] === "default" ? ", the default" : "";
    problems.push({
      key: name("redis.prefix"),
      message: `must carry a Redis Cluster hash tag when ${name("redis.cluster")} is true (got ${show(prefix)}${dflt}): BullMQ's scripts and kura's own touch several keys at once, and a cluster runs those only when every key hashes to one slot. Set ${SCALARS["redis.prefix"].env} to {${prefix}}, or turn ${name("redis.cluster")} off.`,
    });
  }
  const db = new URL(v["redis.url"]).pathname.replace(/^\//, "");
  if (db !== "" && db !== "0") {
    problems.push({
      key: name("redis.url"),
      message: `must name database 0 (or none) when ${name("redis.cluster")} is true (got /${db}): Redis Cluster has database 0 only. Remove /${db} from the URL.`,
    });
  }
}

function checkSlack(ctx: Context): void {
  const { values: v, problems } = ctx;
  if (!allValid(ctx, "slack.botToken", "slack.signingSecret", "slack.appToken", "slack.mode")) return;
  const bot = v["slack.botToken"];
  if (bot === undefined && v["slack.signingSecret"] === undefined && v["slack.appToken"] === undefined)
    return;
  if (bot === undefined) {
    problems.push({
      key: SCALARS["slack.botToken"].env,
      message:
        "is required once another SLACK_ credential is set. Copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page, or unset the other SLACK_ credentials.",
    });
  }
  if (v["slack.mode"] === "http" && v["slack.signingSecret"] === undefined) {
    problems.push({
      key: SCALARS["slack.signingSecret"].env,
      message:
        "is required when SLACK_MODE is http. Copy it from your Slack app's Basic Information page, or set SLACK_MODE=socket with SLACK_APP_TOKEN.",
    });
  }
  if (v["slack.mode"] === "socket" && v["slack.appToken"] === undefined) {
    problems.push({
      key: SCALARS["slack.appToken"].env,
      message:
        "is required when SLACK_MODE is socket. Create an app-level token with the connections:write scope on your Slack app's Basic Information page, or set SLACK_MODE=http.",
    });
  }
}

const LOOPBACK_HTTP = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]?/;

function checkTeams(ctx: Context, cwd: string): string | undefined {
  const { values: v, problems, name } = ctx;
  const ids = [
    "teams.appId",
    "teams.appPassword",
    "teams.certificateThumbprint",
    "teams.certificateKeyFile",
  ] as const;
  if (!allValid(ctx, ...ids, "teams.appType", "teams.tenantId", "teams.openIdMetadataUrl")) return undefined;
  const metadata = v["teams.openIdMetadataUrl"];
  if (metadata?.startsWith("http:") && !LOOPBACK_HTTP.test(metadata)) {
    problems.push({
      key: name("teams.openIdMetadataUrl"),
      message: `must use https (got ${show(metadata)}). Use https://, or http:// only for a local token issuer on loopback.`,
    });
  }
  const appId = v["teams.appId"];
  const certificate =
    v["teams.certificateThumbprint"] !== undefined || v["teams.certificateKeyFile"] !== undefined;
  if (appId === undefined) {
    const given =
      ids.slice(1).find((id) => v[id] !== undefined) ??
      (v["teams.appType"] === "SingleTenant" ? "teams.appType" : undefined);
    if (given)
      problems.push({
        key: SCALARS["teams.appId"].env,
        message: `is required once ${name(given)} is set. Copy the Microsoft App ID from your Azure Bot's Configuration page, or unset the other TEAMS_ settings.`,
      });
    return undefined;
  }
  if (v["teams.appPassword"] === undefined && !certificate) {
    problems.push({
      key: SCALARS["teams.appPassword"].env,
      message:
        "is required with TEAMS_APP_ID unless a certificate is given. Create a client secret for the bot's app registration (Certificates & secrets), or set TEAMS_CERTIFICATE_THUMBPRINT and TEAMS_CERTIFICATE_KEY_FILE.",
    });
  }
  if (
    certificate &&
    (v["teams.certificateThumbprint"] === undefined || v["teams.certificateKeyFile"] === undefined)
  ) {
    problems.push({
      key: SCALARS[
        v["teams.certificateThumbprint"] === undefined
          ? "teams.certificateThumbprint"
          : "teams.certificateKeyFile"
      ].env,
      message:
        "is required with the other certificate setting. Set both TEAMS_CERTIFICATE_THUMBPRINT and TEAMS_CERTIFICATE_KEY_FILE, or neither.",
    });
  }
  if (v["teams.appType"] === "SingleTenant" && v["teams.tenantId"] === undefined) {
    problems.push({
      key: SCALARS["teams.tenantId"].env,
      message:
        "is required when TEAMS_APP_TYPE is SingleTenant. Copy the Directory (tenant) ID from the app registration's Overview page.",
    });
  }
  const keyFile = v["teams.certificateKeyFile"];
  return keyFile === undefined ? undefined : resolve(cwd, keyFile);
}

/** Resolves each vault's subscription. `settings` is undefined when the file itself had problems. */
/** The approver lists: the environment's when set, else the file's; old unqualified keys say how to rewrite them. */
function checkApprovers(
  ctx: Context,
  settings: FileSettings | undefined,
): { users: string[]; groups: string[] } {
  const approvers = settings?.approvers;
  const legacy = [
    ["slackUsers", "users", approvers?.slackUsers],
    ["slackGroups", "groups", approvers?.slackGroups],
  ] as const;
  for (const [old, now, ids] of legacy) {
    if (ids === undefined) continue;
    const rewritten = ids.map((id) => `slack:${String(id)}`).join(", ");
    ctx.problems.push({
      key: `approvers.${old}`,
      message: `is replaced by approvers.${now}, whose ids name their platform. Rewrite it in ${ctx.fileName} as  ${now}: [${rewritten}]  (or set ${now === "users" ? "KURA_APPROVERS" : "KURA_APPROVER_GROUPS"}=${ids.map((id) => `slack:${String(id)}`).join(",")}).`,
    });
  }
  const v = ctx.values;
  return {
    users: [...(v["approvers.users"] ?? approvers?.users ?? [])],
    groups: [...(v["approvers.groups"] ?? approvers?.groups ?? [])],
  };
}

function checkAzure(ctx: Context, settings: FileSettings | undefined): ConfiguredVault[] {
  const { values: v, name, problems, fileName } = ctx;
  const listed = settings?.vaults ?? [];
  if (allValid(ctx, "azure.mode", "azure.armEndpoint") && v["azure.mode"] === "azure") {
    const endpoint = v["azure.armEndpoint"];
    if (endpoint.startsWith("http:") && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]?/.test(endpoint)) {
      problems.push({
        key: name("azure.armEndpoint"),
        message: `must use https in azure mode (got ${show(endpoint)}). Use https://, or http:// only for a local emulator.`,
      });
    }
    if (settings !== undefined && listed.length === 0) {
      const where = fileName
        ? `under vaults: in ${fileName}`
        : "in a config file and point KURA_CONFIG_FILE at it (see kura.example.yaml)";
      problems.push({
        key: "vaults",
        message: `at least one vault is required when KURA_AZURE_MODE is azure (none listed). List the Recovery Services vaults ${where}, e.g. vaults: [{ resourceGroup: rg-backup, name: rsv-prod }].`,
      });
    }
  }
  const fallback = v["azure.subscriptionId"];
  const subscriptionInvalid = ctx.failed.has("azure.subscriptionId");
  const vaults: ConfiguredVault[] = [];
  listed.forEach((vault, i) => {
    const subscriptionId = vault.subscriptionId ?? fallback;
    if (subscriptionId !== undefined)
      vaults.push({
        subscriptionId,
        resourceGroup: vault.resourceGroup,
        name: vault.name,
        ...(vault.policy ? { policy: vault.policy } : {}),
      });
    else if (!subscriptionInvalid) {
      problems.push({
        key: `vaults[${i}].subscriptionId`,
        message: `is missing and AZURE_SUBSCRIPTION_ID is not set. Give vault ${vault.name} a subscriptionId in ${fileName}, or set AZURE_SUBSCRIPTION_ID.`,
      });
    }
  });
  return vaults;
}

function checkCaCert(ctx: Context, readFile: (path: string) => string, cwd: string): string | undefined {
  const given = ctx.values["azure.caCertFile"];
  if (given === undefined) return undefined;
  const path = resolve(cwd, given);
  const fail = (what: string) =>
    ctx.problems.push({
      key: ctx.name("azure.caCertFile"),
      message: `${what} Point it at a PEM file, or unset it.`,
    });
  try {
    if (!readFile(path).includes("-----BEGIN CERTIFICATE-----")) fail(`${path} holds no PEM certificate.`);
  } catch (error) {
    fail(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  return path;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Validates `env` (and the file it names) into a deep-frozen config; throws `ConfigError` listing every problem. */
export function load(env: Env, options: LoadConfigOptions = {}): Readonly<KuraConfig> {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, "utf8"));
  const cwd = options.cwd ?? process.cwd();
  const fileValue = env[SCALARS.configFile.env];
  const fileName = present(fileValue) ? resolve(cwd, fileValue.trim()) : undefined;
  let raw: Record<string, unknown> | undefined;
  let settings: FileSettings | undefined = {};
  const fileProblems: ConfigProblem[] = [];
  if (fileName !== undefined) {
    const read = readConfigFile(fileName, readFile);
    raw = read.raw;
    settings = read.ok ? read.settings : undefined;
    if (!read.ok) fileProblems.push(...read.problems);
  }
  const ctx = parseScalars(env, raw, fileName);
  ctx.problems.unshift(...fileProblems);
  checkPreflight(ctx);
  checkQueues(ctx);
  checkRetention(ctx);
  checkRedisCluster(ctx);
  checkSlack(ctx);
  const teamsKeyFile = checkTeams(ctx, cwd);
  const vaults = checkAzure(ctx, settings);
  const approvers = checkApprovers(ctx, settings);
  const caCertFile = checkCaCert(ctx, readFile, cwd);
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);
  const v = ctx.values;
  const emulatorDefault = v["azure.mode"] === "emulator" && ctx.sources["azure.armEndpoint"] === "default";
  return deepFreeze<KuraConfig>({
    configFile: fileName,
    azure: {
      mode: v["azure.mode"],
      armEndpoint: emulatorDefault ? undefined : v["azure.armEndpoint"],
      caCertFile,
      subscriptionId: v["azure.subscriptionId"],
      armWritesPerSecond: v["azure.armWritesPerSecond"],
      armReservePercent: v["azure.armReservePercent"],
      armMaxSockets: v["azure.armMaxSockets"],
      demoSpeed: v["azure.demoSpeed"],
    },
    vaults,
    managedVms: settings?.managedVms ?? [],
    vmNamePattern: v.vmNamePattern,
    redis: {
      url: v["redis.url"],
      prefix: v["redis.prefix"],
      local: v["redis.local"],
      cluster: v["redis.cluster"],
    },
    dataDir: resolve(cwd, v.dataDir),
    queues: {
      lifecycle: v["queues.lifecycle"],
      notify: v["queues.notify"],
      maintenance: v["queues.maintenance"],
      workerConcurrency: v["queues.workerConcurrency"],
    },
    retention: {
      finishedJobsHours: v["retention.finishedJobsHours"],
      events: v["retention.events"],
      maintenanceJobs: v["retention.maintenanceJobs"],
      idempotencyHours: v["retention.idempotencyHours"],
      consoleHistory: v["retention.consoleHistory"],
      requestsDays: v["retention.requestsDays"],
      auditDays: v["retention.auditDays"],
    },
    requests: {
      retentionDaysDefault: v["requests.retentionDaysDefault"],
      ttlMinutes: v["requests.ttlMinutes"],
    },
    preflight: {
      rpLimit: v["preflight.rpLimit"],
      rpWarnThreshold: v["preflight.rpWarnThreshold"],
      scheduleMarginBeforeMinutes: v["preflight.scheduleMarginBeforeMinutes"],
      scheduleMarginAfterMinutes: v["preflight.scheduleMarginAfterMinutes"],
      dailyOnDemandLimit: v["preflight.dailyOnDemandLimit"],
    },
    worker: {
      lockDurationMs: v["worker.lockDurationMs"],
      maxStalledCount: v["worker.maxStalledCount"],
      watcher: {
        baseIntervalMs: v["worker.watcher.baseIntervalMs"],
        maxIntervalMs: v["worker.watcher.maxIntervalMs"],
        detailIntervalMs: v["worker.watcher.detailIntervalMs"],
      },
    },
    shutdown: { graceSeconds: v["shutdown.graceSeconds"] },
    reconciler: { everyMinutes: v["reconciler.everyMinutes"] },
    gc: {
      timeZone: v["gc.timeZone"],
      openDay: v["gc.openDay"],
      openTime: v["gc.openTime"],
      durationHours: v["gc.durationHours"],
      reminder: v["gc.reminder"],
      concurrency: v["gc.concurrency"],
      overdueAfterDays: v["gc.overdueAfterDays"],
      rpWatchTime: v["gc.rpWatchTime"],
      jobCheckMinutes: v["gc.jobCheckMinutes"],
    },
    slack: {
      botToken: v["slack.botToken"],
      signingSecret: v["slack.signingSecret"],
      appToken: v["slack.appToken"],
      mode: v["slack.mode"],
      apiUrl: `${v["slack.apiUrl"]}/`,
      notifyChannels: v["slack.notifyChannels"] ?? [],
    },
    teams: {
      enabled: v["teams.appId"] !== undefined || v["teams.local"],
      appId: v["teams.appId"],
      appPassword: v["teams.appPassword"],
      certificateThumbprint: v["teams.certificateThumbprint"],
      certificateKeyFile: teamsKeyFile,
      appType: v["teams.appType"],
      tenantId: v["teams.tenantId"],
      openIdMetadataUrl: v["teams.openIdMetadataUrl"],
      notifyChannels: v["teams.notifyChannels"] ?? [],
    },
    approvers: {
      ...approvers,
      allowSelfApproval: settings?.approvers?.allowSelfApproval ?? false,
    },
    auditors: {
      users: [...(v["auditors.users"] ?? settings?.auditors?.users ?? [])],
      groups: [...(v["auditors.groups"] ?? settings?.auditors?.groups ?? [])],
    },
    http: { port: v["http.port"], host: v["http.host"] },
    console: { enabled: v["console.enabled"], token: v["console.token"] },
    chat: { locale: v["chat.locale"] },
    log: { level: v["log.level"] },
  });
}
