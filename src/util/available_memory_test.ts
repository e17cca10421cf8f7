import assert from "node:assert/strict";
import { availableMemory, memAvailable, readMemorySources } from "./available_memory.ts";

const MEMINFO = "MemTotal:       24000000 kB\nMemFree:  1 kB\nMemAvailable:   20000000 kB\n";

Deno.test("memAvailable() reads /proc/meminfo's MemAvailable in bytes", () => {
  assert.equal(memAvailable(MEMINFO), 20000000 * 1024);
  assert.equal(memAvailable("MemTotal: 5 kB\n"), null);
});

Deno.test("availableMemory() takes the least of MemAvailable, the cgroup room, Slurm and the cap", () => {
  const base = { meminfo: MEMINFO, cgroup: null, env: {} };
  assert.deepEqual(availableMemory(base), { bytes: 20000000 * 1024, source: "MemAvailable" });
  assert.deepEqual(availableMemory({ ...base, cgroup: { limit: 4 * 2 ** 30, usage: 2 ** 30 } }), {
    bytes: 3 * 2 ** 30,
    source: "cgroup memory limit",
  });
  assert.deepEqual(availableMemory({ ...base, env: { SLURM_MEM_PER_NODE: "2048" } }), {
    bytes: 2 * 2 ** 30,
    source: "SLURM_MEM_PER_NODE=2048",
  });
  assert.deepEqual(availableMemory({ ...base, env: { PLBENCH_MEMORY: "1G" } }), {
    bytes: 2 ** 30,
    source: "PLBENCH_MEMORY=1G",
  });
  assert.equal(availableMemory({ meminfo: null, cgroup: null, env: {} }), null);
  assert.throws(() => availableMemory({ ...base, env: { PLBENCH_MEMORY: "lots" } }), RangeError);
});

Deno.test("readMemorySources() gives this machine's MemAvailable on Linux", () => {
  const sources = readMemorySources({});
  if (Deno.build.os !== "linux") return;
  const bytes = availableMemory(sources)?.bytes ?? 0;
  assert.ok(bytes > 2 ** 20 && bytes <= Deno.systemMemoryInfo().total, `got ${bytes}`);
});
