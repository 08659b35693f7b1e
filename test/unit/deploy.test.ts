/**
 * The deployment files, checked without a container engine (none runs where tests run): the compose
 * file is valid against the Compose Specification's JSON schema (vendored with its licence), starts
 * with no `.env` on settings kura accepts, splits `bot` and `worker` so workers scale, persists Redis
 * and gives kura longer to stop than kura's own grace; the image has production dependencies only,
 * runs as a non-root user, and starts each role with the launcher's Node flags and a filled compile cache. Building the image and running `docker compose up` are not tested here.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { loadConfig } from "../../src/config.ts";

const ROOT = join(import.meta.dirname, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

interface Service {
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  volumes?: string[];
}
const compose = parse(read("docker-compose.yml"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

/** Compose's interpolation with nothing set (no `.env`, a clean shell): `${X:-d}` and `${X-d}` give d. */
function interpolate(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+:?-([^}]*)\}/g, "$1").replace(/\$\{[A-Z0-9_]+\}/g, "");
}

function caStandIn(): string {
  const dir = mkdtempSync(join(tmpdir(), "kura-deploy-"));
  const path = join(dir, "ca.pem");
  writeFileSync(path, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
  return path;
}

function seconds(duration: string | undefined): number {
  const match = /^(\d+)s$/.exec(duration ?? "");
  assert.ok(match, `a duration in seconds: ${duration}`);
  return Number(match[1]);
}

test("docker-compose.yml is valid against the Compose Specification schema", () => {
  // Its `$schema` names draft-07 by an https URL ajv does not know; ajv's default is draft-07.
  const { $schema: _draft, ...schema } = JSON.parse(
    read("test/fixtures/vendor/compose-spec/compose-spec.json"),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  // Validated as written (anchors and merge keys resolved, as compose does).
  const valid = validate(compose);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
});

test("separate bot and worker services; only the bot publishes a port, so workers scale", () => {
  const { bot, worker } = compose.services;
  assert.deepEqual(bot?.command?.slice(-1), ["bot"]);
  assert.deepEqual(worker?.command?.slice(-1), ["worker"]);
  assert.equal(worker?.ports, undefined, "`docker compose up --scale worker=3` needs no fixed host port");
  assert.equal(bot?.ports?.length, 1);
});

test("with no .env, every kura service starts on settings kura accepts and probes a route it serves", () => {
  for (const name of ["bot", "worker"]) {
    const service = compose.services[name];
    const env = Object.fromEntries(
      Object.entries(service?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
    );
    // The emulator's CA exists only inside the containers (a shared volume); stand a file in for it.
    assert.equal(env.AZURE_CA_CERT_FILE, "/certs/ca.pem");
    assert.ok(service?.volumes?.some((v) => v.startsWith("emulator-certs:/certs")));
    const config = loadConfig({ ...env, AZURE_CA_CERT_FILE: caStandIn() });
    assert.equal(config.azure.mode, "emulator");
    assert.equal(
      config.azure.armEndpoint,
      "https://emulator:8443",
      "one shared emulator, not one per process",
    );
    assert.match(config.redis.url, /^redis:\/\/redis:6379/);
    const probe = service?.healthcheck?.test.join(" ") ?? "";
    assert.match(probe, new RegExp(`127\\.0\\.0\\.1:${config.http.port}/readyz`));
    assert.equal(service?.depends_on?.redis?.condition, "service_healthy");
    // kura exits on its own within its grace; compose waits longer before it kills.
    assert.ok(seconds(service?.stop_grace_period) > config.shutdown.graceSeconds, name);
  }
});

test("Redis persists append-only and has a healthcheck", () => {
  const redis = compose.services.redis;
  const command = redis?.command?.join(" ") ?? "";
  assert.match(command, /--appendonly yes/);
  assert.match(command, /--maxmemory-policy noeviction/);
  assert.ok(redis?.healthcheck?.test.includes("ping"));
  assert.ok("redis-data" in compose.volumes);
});

test("the image carries production dependencies only and runs as a non-root user", () => {
  const dockerfile = read("Dockerfile");
  assert.match(dockerfile, /npm ci --omit=dev/);
  const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
  assert.ok(users.length > 0 && users.at(-1) !== "root" && users.at(-1) !== "0", `USER ${users.at(-1)}`);
  assert.doesNotMatch(dockerfile, /^COPY\s+(\.|test|bench)\s/m, "no tests or dev files in the image");
  const ignored = read(".dockerignore").split("\n");
  for (const entry of [".env", "node_modules", "test"]) assert.ok(ignored.includes(entry), entry);
});

test("each kura role runs with the launcher's Node flags and compile cache in the image and in compose, as `npm start` does", () => {
  const launcher = createRequire(import.meta.url)("../../scripts/launch.cjs") as {
    KURA_NODE_FLAGS: Record<string, string[]>;
    COMPILE_CACHE_DIR: string;
  };
  const flagsOf = (role: string) => launcher.KURA_NODE_FLAGS[role] ?? [];
  assert.ok(flagsOf("worker").length > 0);
  const dockerfile = read("Dockerfile");
  const cmd = JSON.parse(/^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1] ?? "[]") as string[];
  assert.deepEqual(cmd, ["node", ...flagsOf("all"), "src/main.ts"]);
  for (const role of ["bot", "worker"]) {
    const command = compose.services[role]?.command ?? [];
    assert.deepEqual(command, ["node", ...flagsOf(role), "src/main.ts", role], role);
  }
  // The cache is filled at build time once per set of flags (it keeps one folder per set of V8
  // flags), in the folder the launcher uses, relative to the app.
  const cacheDir = relative(ROOT, launcher.COMPILE_CACHE_DIR);
  assert.match(dockerfile, new RegExp(`NODE_COMPILE_CACHE=/app/${cacheDir.replaceAll(".", "\\.")}\\b`));
  for (const role of ["all", "bot", "worker"]) {
    const warm = ["node", ...flagsOf(role), "scripts/warm-compile-cache.ts"].join(" ");
    assert.ok(dockerfile.includes(warm), warm);
  }
  assert.ok(read(".dockerignore").split("\n").includes("!scripts/warm-compile-cache.ts"));
});
