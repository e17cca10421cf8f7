import assert from "node:assert/strict";
import { peakResidentBytes, vmHwmBytes } from "./peak_memory.ts";

Deno.test("vmHwmBytes() reads VmHWM in bytes", () => {
  assert.equal(vmHwmBytes("Name:\tdeno\nVmPeak:\t  9 kB\nVmHWM:\t  2048 kB\n"), 2048 * 1024);
  assert.equal(vmHwmBytes("Name:\tdeno\n"), null);
});

Deno.test("peakResidentBytes() grows when this process touches 64 MiB more", () => {
  if (Deno.build.os !== "linux") return;
  const before = peakResidentBytes()!;
  const block = new Uint8Array(64 * 2 ** 20 + before).fill(1);
  const after = peakResidentBytes()!;
  assert.ok(after >= before + 60 * 2 ** 20, `VmHWM ${before} -> ${after} (${block.length})`);
});
