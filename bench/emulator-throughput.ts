/**
 * Requests per second the emulator serves over HTTPS with keep-alive, on a generated fleet
 * (2,000 VMs in 4 vaults): a read mix of item gets, item lists, job lists and RP lists.
 * Usage: node bench/emulator-throughput.ts [--seconds 5] [--concurrency 32]
 */
import { Agent, request } from "node:https";
import { parseArgs } from "node:util";
import { DEFAULT_BEHAVIOUR, generateFleet, startEmulator } from "../src/azure/emulator/index.ts";

const { values } = parseArgs({ options: { seconds: { type: "string" }, concurrency: { type: "string" } } });
const seconds = Number(values.seconds ?? 5);
const concurrency = Number(values.concurrency ?? 32);

const seed = generateFleet({ vms: 2000, vaults: 4 });
const t0 = performance.now();
const emulator = await startEmulator({
  seed,
  behaviour: { throttle: { ...DEFAULT_BEHAVIOUR.throttle, enabled: false } },
  clock: { speed: 60 },
});
const startMs = performance.now() - t0;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: emulator.caCertPem });
const SUB = "00000000-0000-0000-0000-000000000001";
const paths: string[] = [];
for (const vault of seed.vaults) {
  const v = `/subscriptions/${SUB}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault.name}`;
  paths.push(`${v}/backupProtectedItems`, `${v}/backupJobs`, `${v}/backupPolicies`);
  for (const item of vault.items.slice(0, 50)) {
    const short = `iaasvmcontainerv2;${item.vmResourceGroup};${item.vmName}`;
    const itemPath = `${v}/backupFabrics/Azure/protectionContainers/${encodeURIComponent(`IaasVMContainer;${short}`)}/protectedItems/${encodeURIComponent(`VM;${short}`)}`;
    paths.push(itemPath, itemPath, `${itemPath}/recoveryPoints`);
  }
}

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}?api-version=2023-06-01`,
      { agent, headers: { authorization: "Bearer bench" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

let done = 0;
let errors = 0;
const deadline = performance.now() + seconds * 1000;
const workers = Array.from({ length: concurrency }, async (_, w) => {
  let i = w;
  while (performance.now() < deadline) {
    const status = await get(paths[i % paths.length] as string);
    if (status !== 200) errors++;
    done++;
    i += concurrency;
  }
});
const started = performance.now();
await Promise.all(workers);
const elapsed = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    vms: 2000,
    vaults: 4,
    startupMs: Math.round(startMs),
    concurrency,
    seconds: Number(elapsed.toFixed(2)),
    requests: done,
    errors,
    requestsPerSecond: Math.round(done / elapsed),
  }),
);
agent.destroy();
await emulator.close();
