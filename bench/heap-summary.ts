/**
 * What grew between two V8 heap snapshots (bench/lifecycle-worker.ts writes `idle` and `running`
 * with `node bench/lifecycles.ts --heap-dir DIR`): self size and count by node type and name,
 * largest growth first. Usage: node bench/heap-summary.ts idle.heapsnapshot running.heapsnapshot [--top 25]
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** `type:name` → { bytes, count } over every node of the snapshot. */
async function byName(path: string): Promise<Map<string, { bytes: number; count: number }>> {
  const snap = JSON.parse(await readFile(path, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const totals = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt] as number] ?? "?";
    // Strings and code are named by their content: group them by type only.
    const name =
      type === "object" || type === "closure" || type === "native"
        ? (snap.strings[snap.nodes[i + nameAt] as number] ?? "?")
        : "";
    const key = `${type}:${name.slice(0, 60)}`;
    const t = totals.get(key) ?? { bytes: 0, count: 0 };
    t.bytes += snap.nodes[i + sizeAt] as number;
    t.count += 1;
    totals.set(key, t);
  }
  return totals;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" } },
});
const [idlePath, runningPath] = positionals;
if (!idlePath || !runningPath)
  throw new Error("usage: heap-summary.ts idle.heapsnapshot running.heapsnapshot");
const [idle, running] = await Promise.all([byName(idlePath), byName(runningPath)]);
const sum = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((n, v) => n + v.bytes, 0);
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
console.log(
  `heap: idle ${kb(sum(idle))}, running ${kb(sum(running))}, growth ${kb(sum(running) - sum(idle))}`,
);
const rows = [...running.entries()]
  .map(([key, r]) => {
    const i = idle.get(key) ?? { bytes: 0, count: 0 };
    return { key, bytes: r.bytes - i.bytes, count: r.count - i.count };
  })
  .sort((a, b) => b.bytes - a.bytes)
  .slice(0, Number(values.top));
for (const r of rows) console.log(`${kb(r.bytes).padStart(10)}  ${String(r.count).padStart(8)}  ${r.key}`);
