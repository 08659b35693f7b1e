/** The CLI prints the URL and CA path, serves a generated fleet, and stops cleanly on SIGTERM. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { rawRequest } from "./helpers.ts";

it("npm run emulator -- --vms 40 --vaults 2: prints URL and CA, serves, exits 0 on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["src/azure/emulator/main.ts", "--vms", "40", "--vaults", "2", "--speed", "60"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 20_000);
    child.stdout.on("data", () => {
      if (/CA certificate: .+\n/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`exited early with ${code}`)));
  });
  const url = /listening on (https:\/\/\S+)/.exec(out)?.[1] as string;
  const caPath = /CA certificate: (\S+)/.exec(out)?.[1] as string;
  const handle = { url, caCertPem: readFileSync(caPath, "utf8"), caCertPath: caPath, close: async () => {} };
  const state = await rawRequest(handle, "GET", "/_emulator/state", { auth: null });
  const vaults = (state.json as { vaults: { items: unknown[] }[] }).vaults;
  assert.deepEqual(
    vaults.map((v) => v.items.length),
    [20, 20],
  );
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  assert.equal(await exit, 0);
});
