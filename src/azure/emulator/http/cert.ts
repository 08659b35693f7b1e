/**
 * A throwaway CA and a server certificate signed by it, made at start (ref §6: the SDK's bearer policy
 * refuses plain http, so the emulator must speak HTTPS with SAN `DNS:localhost, IP:127.0.0.1`).
 * EC P-256 keys keep start-up fast.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface CertFiles {
  dir: string;
  /** True when the directory was made here (and may be removed on close). */
  created: boolean;
  certPem: string;
  keyPem: string;
  caPem: string;
  caPath: string;
}

export async function makeCertificates(certDir?: string, hosts: readonly string[] = []): Promise<CertFiles> {
  const created = certDir === undefined;
  const dir = certDir ?? (await mkdtemp(join(tmpdir(), "kura-emulator-")));
  await mkdir(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 86_400_000);
  const ca = await generate([{ name: "commonName", value: "kura Azure emulator CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          // Names other containers reach it by (docker compose's service name).
          ...hosts.map((value) => ({ type: 2 as const, value })),
        ],
      },
    ],
  });
  const caPath = join(dir, "ca.pem");
  await Promise.all([
    writeFile(join(dir, "cert.pem"), leaf.cert),
    writeFile(join(dir, "key.pem"), leaf.private, { mode: 0o600 }),
    writeFile(caPath, ca.cert),
  ]);
  return { dir, created, certPem: leaf.cert, keyPem: leaf.private, caPem: ca.cert, caPath };
}
