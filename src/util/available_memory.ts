/**
 * How much memory the cells of this machine may use: the least of the kernel's MemAvailable, the
 * room left under this process's cgroup limit (Slurm with task/cgroup, a Kubernetes limit, a
 * container), Slurm's `SLURM_MEM_PER_NODE`, and `PLBENCH_MEMORY` (an explicit cap, e.g. `8G`).
 * Linux only; elsewhere only `PLBENCH_MEMORY` is known.
 */
import { parseBytes } from "./bytes.ts";

/** The variable that caps the memory plbench plans with. */
export const MEMORY_VARIABLE = "PLBENCH_MEMORY";

/** Memory available in bytes and where the figure came from (for messages). */
export interface AvailableMemory {
  bytes: number;
  source: string;
}

/** What the machine says, read by `readMemorySources` (or given by a test). */
export interface MemorySources {
  /** Text of /proc/meminfo, or null. */
  meminfo: string | null;
  /** The cgroup's limit and current usage in bytes, or null where none applies. */
  cgroup: { limit: number; usage: number } | null;
  env: Record<string, string | undefined>;
}

/** MemAvailable of a /proc/meminfo text in bytes, or null. */
export function memAvailable(meminfo: string): number | null {
  const kb = /^MemAvailable:\s+(\d+) kB/m.exec(meminfo)?.[1];
  return kb === undefined ? null : Number(kb) * 1024;
}

/**
 * The least of the figures the sources give, or null when none does. Throws RangeError for a
 * `PLBENCH_MEMORY` that is not a size.
 */
export function availableMemory(sources: MemorySources): AvailableMemory | null {
  const figures: AvailableMemory[] = [];
  const cap = sources.env[MEMORY_VARIABLE];
  if (cap !== undefined && cap !== "") {
    figures.push({ bytes: parseBytes(cap), source: `${MEMORY_VARIABLE}=${cap}` });
  }
  const available = sources.meminfo === null ? null : memAvailable(sources.meminfo);
  if (available !== null) figures.push({ bytes: available, source: "MemAvailable" });
  const cg = sources.cgroup;
  if (cg !== null) {
    figures.push({ bytes: Math.max(0, cg.limit - cg.usage), source: "cgroup memory limit" });
  }
  const slurm = sources.env.SLURM_MEM_PER_NODE;
  if (slurm !== undefined && /^\d+$/.test(slurm) && Number(slurm) > 0) {
    figures.push({ bytes: Number(slurm) * 2 ** 20, source: `SLURM_MEM_PER_NODE=${slurm}` });
  }
  if (figures.length === 0) return null;
  return figures.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

function readNumber(path: string): number | null {
  try {
    const text = Deno.readTextFileSync(path).trim();
    return /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/** Limits at or above 2^60 bytes mean "no limit" (cgroup v1 writes 2^63 - 4096, v2 "max"). */
const NO_LIMIT = 2 ** 60;

/**
 * This process's cgroup memory limit and usage (cgroup v2, else v1), or null without a limit.
 * The cgroup's own folder is tried, then the mount's root (inside a container the root is it).
 */
export function cgroupMemory(): { limit: number; usage: number } | null {
  let lines: string[];
  try {
    lines = Deno.readTextFileSync("/proc/self/cgroup").split("\n");
  } catch {
    return null;
  }
  const v2 = lines.find((l) => l.startsWith("0::"))?.slice(3);
  const v1 = lines.map((l) => l.split(":")).find((f) => f[1]?.split(",").includes("memory"))?.[2];
  const tries: [string, string, string][] = [];
  for (const path of [v1, "/"]) {
    if (path === undefined) continue;
    const base = `/sys/fs/cgroup/memory${path === "/" ? "" : path}`;
    tries.push([base, "memory.limit_in_bytes", "memory.usage_in_bytes"]);
  }
  for (const path of [v2, "/"]) {
    if (path === undefined) continue;
    tries.push([`/sys/fs/cgroup${path === "/" ? "" : path}`, "memory.max", "memory.current"]);
  }
  for (const [dir, limitFile, usageFile] of tries) {
    const limit = readNumber(`${dir}/${limitFile}`);
    const usage = readNumber(`${dir}/${usageFile}`);
    if (limit !== null && usage !== null && limit < NO_LIMIT) return { limit, usage };
  }
  return null;
}

/** What this machine says (Linux files; null where they cannot be read). */
export function readMemorySources(env: Record<string, string | undefined>): MemorySources {
  let meminfo: string | null = null;
  try {
    meminfo = Deno.readTextFileSync("/proc/meminfo");
  } catch {
    meminfo = null;
  }
  return { meminfo, cgroup: cgroupMemory(), env };
}
