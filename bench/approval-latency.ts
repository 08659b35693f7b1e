/**
 * Approval → Azure latency: 100 requests approved at once (the core's decide, as a chat adapter calls
 * it), each measured to its VM's `Backups_Trigger` as the emulator's request log saw it
 * (`GET /_emulator/requests`, wall-clock `at`). The whole path in between is real: the BullMQ
 * lifecycle job on real Redis, a worker role in a child process, the Azure SDK over HTTPS, the shared
 * ARM budget and the emulator's ARM throttling. It is bench/lifecycles.ts's run, reported for this
 * one number; `npm run bench` (bench/run.ts, --quick too) takes it from that run instead of a second one.
 * A benchmark, not a test: nothing here asserts a number.
 *
 * Usage: node bench/approval-latency.ts [--count 100] [--no-throttle] [--json]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { runLifecycles } from "./lifecycles.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string" },
    "no-throttle": { type: "boolean" },
    json: { type: "boolean" },
  },
});
const result = await runLifecycles({
  count: Number(values.count ?? 100),
  vms: 400,
  vaults: 2,
  deadlineMs: 100_000,
  throttle: !values["no-throttle"],
  lockMs: 30_000,
  prefix: `kurabench-${randomBytes(5).toString("hex")}`,
  redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
});
const a = result.approvalToTriggerMs;
console.log(
  `approval → Backups_Trigger, ${result.lifecycles} approvals at once (ARM throttling ${result.throttleEnabled ? "on" : "off"}): ` +
    `p50 ${a.p50} ms, p99 ${a.p99} ms, max ${a.max} ms (${a.matched} of ${result.lifecycles} matched; ${result.succeeded} succeeded); ` +
    `approval → first write (resume PUT) p50 ${a.firstWrite.p50} ms, p99 ${a.firstWrite.p99} ms; ` +
    `${a.itemReadsBeforeTrigger} item reads per VM before its trigger; ${a.readsPerSecondFirst10s} ARM reads/s in the first 10 s; ARM reads ${result.arm.reads}, 429s ${result.arm.throttled}`,
);
console.log(
  `  approval → each VM's first call (p50): ${a.steps.map((s) => `${s.operation} ${s.p50Ms} ms`).join(", ")}`,
);
if (values.json)
  console.log(JSON.stringify({ lifecycles: result.lifecycles, succeeded: result.succeeded, ...a }));
