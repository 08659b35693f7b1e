/**
 * CLI: `npm run emulator -- [--port N] [--speed X] [--seed file.json|yaml] [--vms N --vaults K]`.
 * Prints the URL and the CA path, runs until SIGINT/SIGTERM, then closes cleanly.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { type EmulatorOptions, generateFleet, startEmulator } from "./index.ts";
import { parseSeed } from "./seed/schema.ts";

const USAGE = `Usage: node src/azure/emulator/main.ts [options]
  --port N        port to listen on (default 0 = random free port)
  --host H        address to bind (default 127.0.0.1)
  --speed X       virtual ms per real ms (default 1)
  --start ISO     virtual clock start (default now)
  --seed FILE     seed data, .json or .yaml
  --vms N         generate a fleet of N VMs (with --vaults K, default 1)
  --vaults K      number of vaults for --vms
  --cert-dir DIR  where to write cert.pem, key.pem, ca.pem
  --cert-host H   another DNS name the certificate is valid for (repeatable)
`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      speed: { type: "string" },
      start: { type: "string" },
      seed: { type: "string" },
      vms: { type: "string" },
      vaults: { type: "string" },
      "cert-dir": { type: "string" },
      "cert-host": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options: EmulatorOptions = {
    port: num("--port", values.port, 0),
    ...(values.host ? { host: values.host } : {}),
    clock: { speed: num("--speed", values.speed, 1), ...(values.start ? { start: values.start } : {}) },
    ...(values["cert-dir"] ? { certDir: values["cert-dir"] } : {}),
    ...(values["cert-host"] ? { certHosts: values["cert-host"] } : {}),
  };
  if (values.vms !== undefined) {
    options.seed = generateFleet({
      vms: num("--vms", values.vms, 0),
      vaults: num("--vaults", values.vaults, 1),
    });
  } else if (values.seed !== undefined) {
    const text = await readFile(values.seed, "utf8");
    options.seed = parseSeed(/\.ya?ml$/i.test(values.seed) ? parseYaml(text) : JSON.parse(text));
  }
  const emulator = await startEmulator(options);
  process.stdout.write(
    `Azure Backup emulator listening on ${emulator.url}\nCA certificate: ${emulator.caCertPath}\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function num(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} expects a non-negative number, got '${raw}'`);
  return n;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`emulator: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  process.exit(2);
});
