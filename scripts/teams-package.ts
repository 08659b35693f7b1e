/**
 * Builds the Teams app package: manifest/teams/manifest.json with the bot's app id (TEAMS_APP_ID,
 * the same setting kura runs with, or --app-id) and kura's public host name, next to the two icons, in a zip with
 * `manifest.json` at the top level as Teams requires. A tiny zip writer on node:zlib, no dependency.
 *
 *   TEAMS_APP_ID=<guid> node scripts/teams-package.ts --domain kura.example.com [--out kura-teams.zip] [--version 1.0.1]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { crc32, deflateRawSync } from "node:zlib";

const ROOT = join(import.meta.dirname, "..");
export const MANIFEST_DIR = join(ROOT, "manifest", "teams");

export interface ManifestOptions {
  /** The Azure Bot's Microsoft App ID: the bot id, and the app's own id. */
  appId: string;
  /** The host kura answers on (`kura.example.com`); listed in `validDomains`. */
  domain?: string;
  /** The app package's version (Teams wants it raised on every re-upload). */
  version?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the manifest is JSON validated by its schema in tests.
export function teamsManifest(options: ManifestOptions): Record<string, any> {
  const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, "manifest.json"), "utf8"));
  manifest.id = options.appId;
  for (const bot of manifest.bots) bot.botId = options.appId;
  if (options.version) manifest.version = options.version;
  if (options.domain) {
    manifest.validDomains = [options.domain];
    for (const key of ["websiteUrl", "privacyUrl", "termsOfUseUrl"] as const) {
      manifest.developer[key] = manifest.developer[key].replace("kura.example.com", options.domain);
    }
  }
  return manifest;
}

/** A zip archive of `files` (deflated), as the PKZIP spec lays it out: local headers, central directory, end. */
export function zip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const packed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00, so a build is reproducible
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The package: manifest.json, color.png and outline.png at the top level. */
export function teamsPackage(options: ManifestOptions): Buffer {
  return zip([
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(teamsManifest(options), null, 2)}\n`) },
    { name: "color.png", data: readFileSync(join(MANIFEST_DIR, "color.png")) },
    { name: "outline.png", data: readFileSync(join(MANIFEST_DIR, "outline.png")) },
  ]);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      domain: { type: "string" },
      out: { type: "string", default: "kura-teams.zip" },
      version: { type: "string" },
      "app-id": { type: "string" },
    },
  });
  const appId = (values["app-id"] ?? process.env.TEAMS_APP_ID ?? "").trim();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    console.error(
      "Set TEAMS_APP_ID (or --app-id) to the Azure Bot's Microsoft App ID, a GUID (see README, Microsoft Teams).",
    );
    process.exit(1);
  }
  const out = values.out ?? "kura-teams.zip";
  writeFileSync(
    out,
    teamsPackage({
      appId,
      ...(values.domain ? { domain: values.domain } : {}),
      ...(values.version ? { version: values.version } : {}),
    }),
  );
  console.error(`Wrote ${out}: upload it in Teams (Apps → Manage your apps → Upload an app).`);
}
