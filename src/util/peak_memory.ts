/**
 * This process's peak resident memory (Linux: VmHWM of /proc/self/status), for reports and
 * benchmarks.
 */

/** VmHWM of a /proc/<pid>/status text in bytes, or null. */
export function vmHwmBytes(status: string): number | null {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return kb === undefined ? null : Number(kb) * 1024;
}

/** This process's peak resident memory in bytes, or null where the system does not say. */
export function peakResidentBytes(): number | null {
  try {
    return vmHwmBytes(Deno.readTextFileSync("/proc/self/status"));
  } catch {
    return null;
  }
}
