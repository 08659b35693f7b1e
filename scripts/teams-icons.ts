/**
 * Draws the Teams app icons (no downloads, no image library): `color.png`, 192×192, a blue tile
 * with a white storehouse (kura, 蔵) and `outline.png`, 32×32, the same shape as a white outline on
 * a transparent background, as Teams requires. PNG written by hand on node:zlib.
 *
 *   node scripts/teams-icons.ts   (writes manifest/teams/color.png and outline.png)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];

/** An RGBA image as PNG (8-bit, colour type 6, no interlace). */
export function png(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "latin1");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The storehouse in unit coordinates (0..1): a roof, a body and a door. */
function inHouse(u: number, v: number): "roof" | "body" | "door" | undefined {
  if (v >= 0.2 && v < 0.4 && Math.abs(u - 0.5) <= 0.1 + (v - 0.2) * 1.6) return "roof";
  if (v >= 0.4 && v < 0.8 && u >= 0.22 && u <= 0.78) {
    return u >= 0.42 && u <= 0.58 && v >= 0.55 ? "door" : "body";
  }
  return undefined;
}

const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const BLUE: Rgba = [0x1f, 0x6f, 0xeb, 255];

export function colorIcon(): Buffer {
  return png(192, 192, (x, y) => {
    const part = inHouse((x + 0.5) / 192, (y + 0.5) / 192);
    return part === "roof" || part === "body" ? WHITE : BLUE;
  });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const filled = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < size && y < size && inHouse((x + 0.5) / size, (y + 0.5) / size) !== undefined;
  return png(size, size, (x, y) => {
    if (!filled(x, y)) return CLEAR;
    const edge = !filled(x - 1, y) || !filled(x + 1, y) || !filled(x, y - 1) || !filled(x, y + 1);
    return edge ? WHITE : CLEAR;
  });
}

if (import.meta.main) {
  const dir = join(import.meta.dirname, "..", "manifest", "teams");
  writeFileSync(join(dir, "color.png"), colorIcon());
  writeFileSync(join(dir, "outline.png"), outlineIcon());
  console.error(`Wrote ${dir}/color.png and outline.png`);
}
