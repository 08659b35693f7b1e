import assert from "node:assert/strict";
import { resolve } from "node:path";
import { describe, test } from "node:test";
import { ConfigError, describeConfig, loadConfig } from "../../src/config.ts";

/** A fake file system for `loadConfig`'s `readFile` option. */
function files(entries: Record<string, string>): { readFile: (path: string) => string; cwd: string } {
  return {
    cwd: "/etc/kura",
    readFile: (path) => {
      const text = entries[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  };
}

/** The ConfigError `loadConfig` throws for these inputs. */
function configError(
  env: Record<string, string | undefined>,
  options?: Parameters<typeof loadConfig>[1],
): ConfigError {
  try {
    loadConfig(env, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.code, "CONFIG_INVALID");
    return error;
  }
  assert.fail("loadConfig accepted an invalid configuration");
}

const SUB = "11111111-2222-3333-4444-555555555555";
const BOT = "xoxb-1111-2222-SuperSecretBotValue";
const SIGNING = "0123456789abcdef0123456789abcdef";
const APP = "xapp-1-A111-2222-SuperSecretAppValue";

describe("loadConfig defaults", () => {
  test("an empty environment gives the documented defaults, deep-frozen", () => {
    const config = loadConfig({});
    assert.deepEqual(config, {
      configFile: undefined,
      azure: {
        mode: "emulator",
        armEndpoint: undefined,
        caCertFile: undefined,
        subscriptionId: undefined,
        armWritesPerSecond: 10,
        armReservePercent: 5,
        armMaxSockets: 16,
        demoSpeed: 60,
      },
      vaults: [],
      managedVms: [],
      vmNamePattern: undefined,
      redis: { url: "redis://127.0.0.1:6379", prefix: "kura", local: "auto", cluster: false },
      dataDir: resolve(".kura"),
      queues: {
        lifecycle: "kura-lifecycle",
        notify: "kura-notify",
        maintenance: "kura-maintenance",
        workerConcurrency: 10,
      },
      retention: {
        finishedJobsHours: 24,
        events: 10_000,
        maintenanceJobs: 200,
        idempotencyHours: 24,
        consoleHistory: 300,
        requestsDays: 180,
        auditDays: 365,
      },
      requests: { retentionDaysDefault: 30, ttlMinutes: 60 },
      preflight: {
        rpLimit: 18,
        rpWarnThreshold: 15,
        scheduleMarginBeforeMinutes: 120,
        scheduleMarginAfterMinutes: 180,
        dailyOnDemandLimit: 9,
      },
      worker: {
        lockDurationMs: 30_000,
        maxStalledCount: 10,
        watcher: { baseIntervalMs: 15_000, maxIntervalMs: 120_000, detailIntervalMs: 60_000 },
      },
      shutdown: { graceSeconds: 10 },
      reconciler: { everyMinutes: 5 },
      gc: {
        timeZone: "Asia/Tokyo",
        openDay: "Saturday",
        openTime: "00:00",
        durationHours: 48,
        reminder: { day: "Friday", time: "17:00" },
        concurrency: 32,
        overdueAfterDays: 8,
        rpWatchTime: "09:00",
        jobCheckMinutes: 15,
      },
      slack: {
        botToken: undefined,
        signingSecret: undefined,
        appToken: undefined,
        mode: "http",
        apiUrl: "https://slack.com/api/",
        notifyChannels: [],
      },
      teams: {
        enabled: false,
        appId: undefined,
        appPassword: undefined,
        certificateThumbprint: undefined,
        certificateKeyFile: undefined,
        appType: "MultiTenant",
        tenantId: undefined,
        openIdMetadataUrl: undefined,
        notifyChannels: [],
      },
      approvers: { users: [], groups: [], allowSelfApproval: false },
      auditors: { users: [], groups: [] },
      http: { port: 3000, host: undefined },
      console: { enabled: "auto", token: undefined },
      chat: { locale: "en" },
      log: { level: "info" },
    });
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.gc) && Object.isFrozen(config.vaults));
    assert.throws(() => {
      (config.requests as { ttlMinutes: number }).ttlMinutes = 1;
    }, TypeError);
  });

  test("blank values mean unset, as `KEY=` lines in an .env file do", () => {
    assert.equal(
      loadConfig({ KURA_RETENTION_DAYS_DEFAULT: "", KURA_GC_TIMEZONE: "  " }).requests.retentionDaysDefault,
      30,
    );
  });

  test("azure mode defaults the ARM endpoint to public Azure", () => {
    const config = loadConfig(
      { KURA_AZURE_MODE: "azure", AZURE_SUBSCRIPTION_ID: SUB, KURA_CONFIG_FILE: "kura.yaml" },
      files({ "/etc/kura/kura.yaml": "vaults:\n  - { resourceGroup: rg-backup, name: rsv-prod }\n" }),
    );
    assert.equal(config.azure.armEndpoint, "https://management.azure.com");
    assert.deepEqual(config.vaults, [{ subscriptionId: SUB, resourceGroup: "rg-backup", name: "rsv-prod" }]);
    assert.equal(config.configFile, "/etc/kura/kura.yaml");
  });

  test("values are normalised: case-insensitive words, short times, trailing slashes", () => {
    const config = loadConfig({
      KURA_GC_OPEN_DAY: "sunday",
      KURA_GC_OPEN_TIME: "9:30",
      KURA_GC_REMINDER: "thursday 8:00",
      KURA_LOG_LEVEL: "DEBUG",
      AZURE_ARM_ENDPOINT: "https://127.0.0.1:8443/",
      KURA_ARM_WRITES_PER_SECOND: "2.5",
    });
    assert.equal(config.gc.openDay, "Sunday");
    assert.equal(config.gc.openTime, "09:30");
    assert.deepEqual(config.gc.reminder, { day: "Thursday", time: "08:00" });
    assert.equal(config.log.level, "debug");
    assert.equal(config.azure.armEndpoint, "https://127.0.0.1:8443");
    assert.equal(config.azure.armWritesPerSecond, 2.5);
    assert.equal(loadConfig({ KURA_GC_REMINDER: "off" }).gc.reminder, undefined);
  });

  test("Slack API URL ends in one slash; notify channels are a trimmed comma list", () => {
    const config = loadConfig({
      SLACK_API_URL: "http://127.0.0.1:9999/api",
      SLACK_NOTIFY_CHANNELS: " C0OPS1, ,G0PRIV2 ",
    });
    assert.equal(config.slack.apiUrl, "http://127.0.0.1:9999/api/");
    assert.deepEqual(config.slack.notifyChannels, ["C0OPS1", "G0PRIV2"]);
  });
});

describe("loadConfig rejects bad values, naming the key, the problem and the fix", () => {
  const cases: [key: string, value: string, expected: RegExp][] = [
    ["KURA_AZURE_MODE", "aws", /must be one of emulator, azure \(got "aws"\)/],
    ["AZURE_ARM_ENDPOINT", "management.azure.com", /must be a https or http URL/],
    ["AZURE_SUBSCRIPTION_ID", "my-sub", /must be a subscription id \(a GUID/],
    ["KURA_VM_NAME_PATTERN", "web-(", /must be a valid regular expression/],
    ["REDIS_URL", "localhost:6379", /must be a redis or rediss URL/],
    ["KURA_REDIS_PREFIX", "kura prod", /must be letters, digits/],
    ["KURA_QUEUE_LIFECYCLE", "kura:lifecycle", /must be a queue name/],
    ["KURA_QUEUE_NOTIFY", "kura notify", /must be a queue name/],
    ["KURA_QUEUE_MAINTENANCE", "a b", /must be a queue name/],
    ["KURA_WORKER_CONCURRENCY", "0", /must be a whole number from 1 to 100 \(got "0"\)/],
    ["KURA_REQUEST_TTL_MINUTES", "1h", /must be a whole number from 1 to 1440 \(got "1h"\)/],
    ["KURA_RP_LIMIT", "19", /from 2 to 18 \(got "19"\)\. Azure fails backups at 18 restore points/],
    ["KURA_RP_WARN_THRESHOLD", "-1", /must be a whole number from 1 to 17/],
    ["KURA_SCHEDULE_MARGIN_BEFORE_MINUTES", "1.5", /must be a whole number from 0 to 1440/],
    ["KURA_SCHEDULE_MARGIN_AFTER_MINUTES", "lots", /must be a whole number from 0 to 1440/],
    [
      "KURA_ARM_WRITES_PER_SECOND",
      "11",
      /at most 10 \(got "11"\)\. ARM refills write tokens at 10 per second/,
    ],
    ["KURA_ARM_RESERVE_PERCENT", "95", /must be a whole number from 0 to 90/],
    ["KURA_ARM_MAX_SOCKETS", "0", /must be a whole number from 1 to 256/],
    ["KURA_RECONCILE_EVERY_MINUTES", "0", /from 1 to 60/],
    [
      "KURA_GC_TIMEZONE",
      "Tokyo",
      /must be an IANA time zone name .*\(got "Tokyo"\)\. .*remove it to use Asia\/Tokyo\./,
    ],
    ["KURA_GC_OPEN_DAY", "Sat", /must be a weekday name/],
    ["SLACK_NOTIFY_CHANNELS", "#ops", /must be comma-separated Slack channel ids/],
    ["KURA_GC_OPEN_TIME", "24:00", /must be a 24-hour time HH:mm/],
    ["KURA_GC_DURATION_HOURS", "23", /from 24 to 167 \(got "23"\)\. Azure runs GC within 24 hours/],
    ["KURA_GC_REMINDER", "Friday at five", /a weekday and a 24-hour time like "Friday 17:00", or "off"/],
    ["SLACK_MODE", "websocket", /must be one of http, socket/],
    ["TEAMS_APP_ID", "kura-bot", /must be the Azure Bot's Microsoft App ID/],
    ["TEAMS_APP_TYPE", "Tenantless", /must be one of MultiTenant, SingleTenant/],
    ["TEAMS_NOTIFY_CHANNELS", "#general", /must be comma-separated Teams conversation ids/],
    ["TEAMS_LOCAL", "maybe", /must be true or false/],
    ["KURA_HTTP_PORT", "70000", /from 0 to 65535/],
    ["KURA_LOCALE", "fr", /must be one of en, ja \(got "fr"\)/],
    ["KURA_LOG_LEVEL", "verbose", /must be one of fatal, error, warn, info, debug, trace, silent/],
  ];

  for (const [key, value, expected] of cases) {
    test(`${key}=${JSON.stringify(value)}`, () => {
      const error = configError({ [key]: value });
      assert.deepEqual(
        error.problems.map((p) => p.key),
        [key],
      );
      assert.match(error.message, new RegExp(`  - ${key}: `));
      assert.match(error.message, expected);
      assert.match(error.message, /Set it in the environment or remove it( to use .+)?\./);
    });
  }

  test("the retention example reads exactly as documented", () => {
    const error = configError({ KURA_RETENTION_DAYS_DEFAULT: "120" });
    assert.equal(
      error.problems[0]?.message,
      'must be a whole number from 1 to 99 (got "120"). Set it in the environment or remove it to use 30.',
    );
  });

  test("every bad key is named in one error, not just the first", () => {
    const error = configError({
      KURA_RETENTION_DAYS_DEFAULT: "0",
      KURA_GC_TIMEZONE: "Mars/Olympus",
      KURA_HTTP_PORT: "http",
      KURA_QUEUE_NOTIFY: "kura-lifecycle",
      KURA_RP_LIMIT: "12",
    });
    assert.deepEqual(error.problems.map((p) => p.key).sort(), [
      "KURA_GC_TIMEZONE",
      "KURA_HTTP_PORT",
      "KURA_QUEUE_NOTIFY",
      "KURA_RETENTION_DAYS_DEFAULT",
      "KURA_RP_WARN_THRESHOLD",
    ]);
    assert.match(error.message, /invalid \(5 problems\)/);
  });

  test("the warning threshold must sit below the limit", () => {
    const error = configError({ KURA_RP_LIMIT: "10", KURA_RP_WARN_THRESHOLD: "10" });
    assert.match(error.message, /KURA_RP_WARN_THRESHOLD: must be below KURA_RP_LIMIT .* at most 9/);
  });

  test("queue names must differ", () => {
    const error = configError({ KURA_QUEUE_MAINTENANCE: "kura-notify" });
    assert.match(
      error.message,
      /KURA_QUEUE_MAINTENANCE: must differ from KURA_QUEUE_NOTIFY \(both are "kura-notify"\)/,
    );
  });

  test("on Redis Cluster the prefix must carry a hash tag, and the URL database 0", () => {
    const error = configError({ KURA_REDIS_CLUSTER: "true", REDIS_URL: "rediss://cache.example:6380/2" });
    assert.match(
      error.message,
      /KURA_REDIS_PREFIX: must carry a Redis Cluster hash tag when KURA_REDIS_CLUSTER is true \(got "kura", the default\).*Set KURA_REDIS_PREFIX to \{kura\}/,
    );
    assert.match(error.message, /REDIS_URL: must name database 0 .*Remove \/2 from the URL/);
    assert.match(
      configError({ KURA_REDIS_PREFIX: "{}kura" }).message,
      /KURA_REDIS_PREFIX: must be .*hash tag like \{kura\}/,
    );
    const config = loadConfig({ KURA_REDIS_CLUSTER: "yes", KURA_REDIS_PREFIX: "{kura}-prod" });
    assert.deepEqual(config.redis, {
      url: "redis://127.0.0.1:6379",
      prefix: "{kura}-prod",
      local: "auto",
      cluster: true,
    });
    // A hash tag is harmless on one server too: the same prefix works before and after a move.
    assert.equal(loadConfig({ KURA_REDIS_PREFIX: "{kura}" }).redis.cluster, false);
  });

  test("Slack credentials must come as a usable set for the mode", () => {
    assert.match(
      configError({ SLACK_BOT_TOKEN: BOT }).message,
      /SLACK_SIGNING_SECRET: is required when SLACK_MODE is http/,
    );
    assert.match(
      configError({ SLACK_BOT_TOKEN: BOT, SLACK_MODE: "socket" }).message,
      /SLACK_APP_TOKEN: is required when SLACK_MODE is socket/,
    );
    assert.match(configError({ SLACK_SIGNING_SECRET: SIGNING }).message, /SLACK_BOT_TOKEN: is required/);
    const ok = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_MODE: "socket" });
    assert.equal(ok.slack.botToken, BOT);
  });

  test("azure mode needs vaults, and says where to put them", () => {
    const error = configError({ KURA_AZURE_MODE: "azure" });
    assert.equal(error.problems[0]?.key, "vaults");
    assert.match(
      error.message,
      /at least one vault is required when KURA_AZURE_MODE is azure.*KURA_CONFIG_FILE/,
    );
  });

  test("azure mode refuses plain http to a remote endpoint", () => {
    const error = configError(
      { KURA_AZURE_MODE: "azure", AZURE_ARM_ENDPOINT: "http://arm.example.com", KURA_CONFIG_FILE: "/k.yaml" },
      files({ "/k.yaml": `vaults: [{ subscriptionId: ${SUB}, resourceGroup: rg, name: rsv-a }]` }),
    );
    assert.match(error.message, /AZURE_ARM_ENDPOINT: must use https in azure mode/);
  });

  test("where the bot token goes: SLACK_API_URL is https (http only on loopback), from the environment only", () => {
    for (const bad of ["http://slack.example/api/", "http://10.0.0.5:8080/api/", "ftp://slack.com/api/"]) {
      const error = configError({ SLACK_API_URL: bad });
      assert.deepEqual(
        error.problems.map((p) => p.key),
        ["SLACK_API_URL"],
      );
      assert.match(error.message, /SLACK_API_URL: must be an https URL like https:\/\/slack\.com\/api\//);
      assert.match(error.message, /kura sends the bot token there; http:\/\/ only to 127\.0\.0\.1/);
    }
    for (const local of ["http://localhost:9/api/", "http://[::1]:9/api/", "https://slack-gov.com/api/"]) {
      assert.equal(loadConfig({ SLACK_API_URL: local }).slack.apiUrl.startsWith(local.slice(0, 12)), true);
    }
    const fromFile = configError(
      { KURA_CONFIG_FILE: "/k.yaml" },
      files({ "/k.yaml": "slack:\n  apiUrl: https://slack.example/api/\n" }),
    );
    assert.match(fromFile.message, /SLACK_API_URL/);
  });

  test("a vault without a subscription needs AZURE_SUBSCRIPTION_ID", () => {
    const error = configError(
      { KURA_CONFIG_FILE: "/k.yaml" },
      files({
        "/k.yaml": `vaults: [{ subscriptionId: ${SUB}, resourceGroup: rg, name: rsv-a }, { resourceGroup: rg, name: rsv-b }]`,
      }),
    );
    assert.deepEqual(
      error.problems.map((p) => p.key),
      ["vaults[1].subscriptionId"],
    );
    assert.match(error.message, /set AZURE_SUBSCRIPTION_ID/);
  });

  test("AZURE_CA_CERT_FILE must be a readable PEM file", () => {
    const fs = files({
      "/etc/kura/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      "/etc/kura/x.txt": "hi",
    });
    assert.equal(loadConfig({ AZURE_CA_CERT_FILE: "ca.pem" }, fs).azure.caCertFile, "/etc/kura/ca.pem");
    assert.match(
      configError({ AZURE_CA_CERT_FILE: "x.txt" }, fs).message,
      /AZURE_CA_CERT_FILE: \/etc\/kura\/x.txt holds no PEM/,
    );
    assert.match(
      configError({ AZURE_CA_CERT_FILE: "gone.pem" }, fs).message,
      /cannot read \/etc\/kura\/gone.pem \(ENOENT\)/,
    );
  });
});

describe("config file", () => {
  const yaml = `
vaults:
  - resourceGroup: rg-backup
    name: rsv-prod
  - subscriptionId: ${SUB.replace("1111", "9999")}
    resourceGroup: rg-dr
    name: rsv-dr
    policy: weekly-wed
managedVms: [web-01, web-02]
vmNamePattern: "^web-"
approvers:
  users: [slack:U012ABCDEF, teams:6f1c2a9e-0000-4000-8000-000000000001]
  groups: [slack:S0OPS]
  allowSelfApproval: true
requests:
  retentionDaysDefault: 7
  ttlMinutes: 15
gc:
  timeZone: Europe/Berlin
  openDay: sunday
worker:
  watcher:
    baseIntervalMs: 5000
`;

  test("YAML settings apply, and the environment overrides file scalars", () => {
    const config = loadConfig(
      { KURA_CONFIG_FILE: "kura.yaml", AZURE_SUBSCRIPTION_ID: SUB, KURA_RETENTION_DAYS_DEFAULT: "14" },
      files({ "/etc/kura/kura.yaml": yaml }),
    );
    assert.equal(config.requests.retentionDaysDefault, 14);
    assert.equal(config.requests.ttlMinutes, 15);
    assert.equal(config.gc.timeZone, "Europe/Berlin");
    assert.equal(config.gc.openDay, "Sunday");
    assert.equal(config.worker.watcher.baseIntervalMs, 5000, "nested file keys work at any depth");
    assert.deepEqual(config.vaults, [
      { subscriptionId: SUB, resourceGroup: "rg-backup", name: "rsv-prod" },
      {
        subscriptionId: SUB.replace("1111", "9999"),
        resourceGroup: "rg-dr",
        name: "rsv-dr",
        policy: "weekly-wed",
      },
    ]);
    assert.deepEqual(config.managedVms, ["web-01", "web-02"]);
    assert.equal(config.vmNamePattern, "^web-");
    assert.deepEqual(config.approvers, {
      users: ["slack:U012ABCDEF", "teams:6f1c2a9e-0000-4000-8000-000000000001"],
      groups: ["slack:S0OPS"],
      allowSelfApproval: true,
    });
  });

  test("JSON works the same", () => {
    const json = JSON.stringify({
      vaults: [{ subscriptionId: SUB, resourceGroup: "rg", name: "rsv-a" }],
      gc: { durationHours: 72 },
    });
    const config = loadConfig({ KURA_CONFIG_FILE: "/k.json" }, files({ "/k.json": json }));
    assert.equal(config.gc.durationHours, 72);
    assert.equal(config.vaults[0]?.name, "rsv-a");
  });

  test("bad entries are named by their path in the file, all at once", () => {
    const bad = `
vaults:
  - { resourceGroup: rg-ok, name: rsv-ok }
  - { name: rsv-x }
  - { resourceGroup: "rg/bad", name: "1vault" }
managedVms: [web-01, WEB-01]
approvers: { users: [bob] }
gc: { timeZone: Asia/Tokio, opneDay: Sunday }
`;
    const error = configError(
      { KURA_CONFIG_FILE: "/k.yaml", AZURE_SUBSCRIPTION_ID: SUB },
      files({ "/k.yaml": bad }),
    );
    assert.deepEqual(error.problems.map((p) => p.key).sort(), [
      "approvers.users[0]",
      "gc.opneDay",
      "gc.timeZone",
      "managedVms[1]",
      "vaults[1].resourceGroup",
      "vaults[2].name",
      "vaults[2].resourceGroup",
    ]);
    assert.match(error.message, /vaults\[1\]\.resourceGroup: is required\. Fix it in \/k\.yaml\./);
    assert.match(error.message, /vaults\[2\]\.name: must be a vault name.*\(got "1vault"\)/);
    assert.match(error.message, /managedVms\[1\]: repeats "WEB-01", already listed at \[0\]/);
    assert.match(error.message, /gc\.opneDay: unknown key\. Known keys here: .*openDay/);
    assert.match(
      error.message,
      /gc\.timeZone: must be an IANA time zone .*\(got "Asia\/Tokio"\)\. Fix it in \/k\.yaml or remove it to use Asia\/Tokyo\./,
    );
  });

  test("a missing or malformed file is reported with the fix", () => {
    assert.match(
      configError({ KURA_CONFIG_FILE: "/nope.yaml" }, files({})).message,
      /KURA_CONFIG_FILE: file not found: \/nope\.yaml/,
    );
    assert.match(
      configError({ KURA_CONFIG_FILE: "/k.yaml" }, files({ "/k.yaml": "vaults: [\n" })).message,
      /KURA_CONFIG_FILE: \/k\.yaml is not valid YAML/,
    );
    assert.match(
      configError({ KURA_CONFIG_FILE: "/k.json" }, files({ "/k.json": "{ vaults: }" })).message,
      /is not valid JSON/,
    );
    assert.match(
      configError({ KURA_CONFIG_FILE: "/k.yaml" }, files({ "/k.yaml": "- a\n- b\n" })).message,
      /must hold a mapping/,
    );
  });
});

describe("secrets", () => {
  const secrets = [BOT, SIGNING, APP, "hunter2"];
  const assertNoSecret = (text: string) => {
    for (const secret of secrets) assert.ok(!text.includes(secret), `secret leaked: ${text}`);
  };

  test("describeConfig redacts every secret and a Redis password", () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_APP_TOKEN: APP,
      REDIS_URL: "redis://kura:hunter2@redis:6379/0",
    });
    const summary = describeConfig(config);
    assertNoSecret(JSON.stringify(summary));
    assert.deepEqual(summary.slack, {
      botToken: "***",
      signingSecret: "***",
      appToken: "***",
      mode: "http",
      apiUrl: "https://slack.com/api/",
      notifyChannels: [],
    });
    assert.equal((summary.redis as { url: string }).url, "redis://***@redis:6379/0");
    assert.equal(config.slack.botToken, BOT, "the config itself keeps the real value");
    assert.equal((describeConfig(loadConfig({})).slack as { botToken: unknown }).botToken, null);
  });

  test("ConfigError never echoes a secret, whether the secret or another key is wrong", () => {
    const badToken = configError({
      SLACK_BOT_TOKEN: "xoxp-SuperSecretUserToken",
      SLACK_SIGNING_SECRET: "hunter2",
    });
    assert.match(
      badToken.message,
      /SLACK_BOT_TOKEN: must be a Slack bot token starting with xoxb- \(value hidden\)/,
    );
    assert.ok(!badToken.message.includes("SuperSecretUserToken"));
    assertNoSecret(badToken.message);
    const other = configError({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      REDIS_URL: "http://kura:hunter2@redis",
      KURA_LOCALE: "xx",
    });
    assertNoSecret(other.message);
    assertNoSecret(JSON.stringify(other));
  });

  test("secrets are refused in the config file, without echoing them", () => {
    const error = configError(
      { KURA_CONFIG_FILE: "/k.yaml" },
      files({ "/k.yaml": `slack:\n  botToken: ${BOT}\n  mode: socket\n` }),
    );
    assert.match(
      error.message,
      /slack\.botToken: this setting is read only from the environment.*set SLACK_BOT_TOKEN/,
    );
    assertNoSecret(error.message);
  });
});

describe("approvers qualified by platform", () => {
  test("KURA_APPROVERS and KURA_APPROVER_GROUPS take qualified lists and override the file's", () => {
    const config = loadConfig(
      {
        KURA_CONFIG_FILE: "/k.yaml",
        KURA_APPROVERS: "slack:U0BOB, teams:6f1c2a9e-0000-4000-8000-000000000001,console:alice",
        KURA_APPROVER_GROUPS: "slack:S0OPS",
      },
      files({ "/k.yaml": "approvers: { users: [slack:U0OLD] }" }),
    );
    assert.deepEqual(config.approvers.users, [
      "slack:U0BOB",
      "teams:6f1c2a9e-0000-4000-8000-000000000001",
      "console:alice",
    ]);
    assert.deepEqual(config.approvers.groups, ["slack:S0OPS"]);
  });

  test("an unqualified id says exactly how to rewrite it", () => {
    const error = configError({ KURA_APPROVERS: "U0BOB,slack:U0CAROL" });
    assert.match(error.message, /KURA_APPROVERS: .*"U0BOB" must name its platform.*write slack:U0BOB/);
  });

  test("the old slackUsers/slackGroups file keys are refused with the rewritten lists", () => {
    const error = configError(
      { KURA_CONFIG_FILE: "/k.yaml" },
      files({ "/k.yaml": "approvers:\n  slackUsers: [U0BOB, U0CAROL]\n  slackGroups: [S0OPS]\n" }),
    );
    assert.match(
      error.message,
      /approvers\.slackUsers: is replaced by approvers\.users.*users: \[slack:U0BOB, slack:U0CAROL\]/,
    );
    assert.match(error.message, /approvers\.slackGroups: .*groups: \[slack:S0OPS\]/);
  });

  test("a Slack id of the wrong kind is named", () => {
    const error = configError({ KURA_APPROVER_GROUPS: "slack:U0BOB" });
    assert.match(error.message, /"slack:U0BOB" is not a slack group id, like slack:S012ABCDEF/);
  });
});

describe("Teams settings", () => {
  const APP = "5d3c0f7e-1111-4a2b-9c3d-0123456789ab";
  test("an app id turns Teams on and needs a secret or a certificate; local mode needs neither", () => {
    assert.match(
      configError({ TEAMS_APP_ID: APP }).message,
      /TEAMS_APP_PASSWORD: is required with TEAMS_APP_ID/,
    );
    assert.match(
      configError({ TEAMS_APP_ID: APP, TEAMS_CERTIFICATE_THUMBPRINT: "A".repeat(40) }).message,
      /TEAMS_CERTIFICATE_KEY_FILE: is required with the other certificate setting/,
    );
    assert.match(configError({ TEAMS_APP_PASSWORD: "s3cret" }).message, /TEAMS_APP_ID: is required once/);
    assert.doesNotMatch(
      configError({ TEAMS_APP_PASSWORD: "s3cret" }).message,
      /s3cret/,
      "the secret is never shown",
    );
    assert.match(
      configError({ TEAMS_APP_ID: APP, TEAMS_APP_PASSWORD: "x", TEAMS_APP_TYPE: "SingleTenant" }).message,
      /TEAMS_TENANT_ID: is required when TEAMS_APP_TYPE is SingleTenant/,
    );
    assert.match(
      configError({
        TEAMS_APP_ID: APP,
        TEAMS_APP_PASSWORD: "x",
        TEAMS_OPENID_METADATA_URL: "http://issuer.example/.well-known/openid-configuration",
      }).message,
      /TEAMS_OPENID_METADATA_URL: must use https/,
    );
    const on = loadConfig({
      TEAMS_APP_ID: APP,
      TEAMS_APP_PASSWORD: "x",
      TEAMS_NOTIFY_CHANNELS: "19:a@thread.tacv2, 19:b@thread.tacv2",
    });
    assert.equal(on.teams.enabled, true);
    assert.deepEqual(on.teams.notifyChannels, ["19:a@thread.tacv2", "19:b@thread.tacv2"]);
    const local = loadConfig({ TEAMS_LOCAL: "true", TEAMS_OPENID_METADATA_URL: "http://127.0.0.1:9/x" });
    assert.equal(local.teams.enabled, true);
    assert.equal(local.teams.appId, undefined);
  });
});
