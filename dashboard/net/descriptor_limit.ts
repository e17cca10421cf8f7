/**
 * How many connections the server may hold, from the process's limit on open files, read when it
 * starts: each connection through the gate costs three descriptors (the client's socket and both
 * ends of its local socket to the HTTP server), and the database, the runtime and the nightly
 * subprocess keep some for themselves.
 */

/** Descriptors kept for everything but connections (database files, runtime, subprocesses). */
export const RESERVED_DESCRIPTORS = 64;

/** Descriptors one connection costs. */
export const DESCRIPTORS_PER_CONNECTION = 3;

/** The most connections held whatever the limit (each costs memory besides descriptors). */
export const MAX_CONNECTIONS = 4096;

/** The soft limit on open files from `/proc/self/limits` text, or null when it says none. */
export function parseOpenFilesLimit(limits: string): number | null {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(limits);
  if (m === null) return null;
  return m[1] === "unlimited" ? Infinity : Number(m[1]);
}

/** This process's soft limit on open files (Linux's /proc, else `ulimit -n`), or null. */
export function openFilesLimit(): number | null {
  try {
    return parseOpenFilesLimit(Deno.readTextFileSync("/proc/self/limits"));
  } catch {
    // not Linux: ask the shell, which inherits the limit
  }
  try {
    const out = new Deno.Command("sh", { args: ["-c", "ulimit -n"], stdout: "piped" }).outputSync();
    const text = new TextDecoder().decode(out.stdout).trim();
    return text === "unlimited" ? Infinity : /^\d+$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/**
 * The connections to hold under a limit of `files` open files: what is left after the reserve,
 * three descriptors each, at least 1 and at most MAX_CONNECTIONS (1,024 files when unknown).
 */
export function connectionCap(files: number | null): number {
  const usable = (files ?? 1024) - RESERVED_DESCRIPTORS;
  return Math.max(1, Math.min(MAX_CONNECTIONS, Math.floor(usable / DESCRIPTORS_PER_CONNECTION)));
}

/** Descriptors kept free by the gate: it refuses a connection rather than take the last ones. */
export const FREE_DESCRIPTORS = 16;

/** The descriptors this process has open now (Linux's /proc/self/fd, else /dev/fd), or null. */
export function openDescriptors(): number | null {
  for (const dir of ["/proc/self/fd", "/dev/fd"]) {
    try {
      let n = 0;
      for (const _ of Deno.readDirSync(dir)) n++;
      return n - 1; // the listing's own descriptor
    } catch {
      // not there, or no descriptor left to list it: try the next
    }
  }
  return null;
}

/**
 * Whether a new connection (three descriptors) leaves FREE_DESCRIPTORS of `limit` free, given
 * `open` connections of which `young` may not have been taken by the HTTP server yet (each will
 * cost it one more): counted exactly (`openDescriptors`) only once the estimate from `base` (the
 * descriptors open at start) comes within twice the margin, so most connections cost no count.
 */
export function roomForConnection(
  limit: number | null,
  base: number,
  open: number,
  young: number,
  count: () => number | null = openDescriptors,
): boolean {
  if (limit === null || !Number.isFinite(limit)) return true;
  const need = DESCRIPTORS_PER_CONNECTION + FREE_DESCRIPTORS;
  if (base + DESCRIPTORS_PER_CONNECTION * open + 2 * need <= limit) return true;
  const now = count();
  return now === null ? true : now + young + need <= limit;
}
