/**
 * Claiming a cell: an atomic create of `<id>.lock` next to its report (a hard link of a complete
 * temp file, so a lock is never seen half-written). The lock names its holder (pid, process start
 * time, hostname), and the holder renews the lock's modification time while it works (a lease).
 * A lock may be taken over, one taker at a time, when its holder is dead on this host, or when it
 * comes from another host and its lease has run out (that host died or lost the shared folder).
 */

/** How long another host's lock stands without renewal, and how often a holder renews its own. */
export interface LockTiming {
  leaseMs: number;
  renewMs: number;
}

/** Ten minutes of lease, renewed every minute: far above any pause between two epochs. */
export const DEFAULT_LOCK_TIMING: LockTiming = { leaseMs: 10 * 60_000, renewMs: 60_000 };

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** Start time of the process (from /proc, clock ticks since boot) against pid reuse; null if unknown. */
  procStart: string | null;
  at: string;
}

/** A claimed lock; `release()` removes it if it is still ours. */
export interface Claim {
  path: string;
  holder: LockHolder;
  release(): Promise<void>;
}

/** Path of a cell's lock file. */
export function lockPath(dir: string, id: string): string {
  return `${dir}/${id}.lock`;
}

/** Start time of process `pid` from /proc (Linux), or null; "zombie" for a dead, unreaped process. */
export function processStart(pid: number): string | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return "zombie";
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** This process as a lock holder. */
export function thisProcess(): LockHolder {
  return {
    pid: Deno.pid,
    hostname: Deno.hostname(),
    procStart: processStart(Deno.pid),
    at: new Date().toISOString(),
  };
}

/**
 * True unless the holder is on this host and its process is gone (or its pid was reused), or is
 * on another host and its lock, last renewed `lockAgeMs` ago, is older than `leaseMs`.
 */
export function holderAlive(
  holder: LockHolder,
  lockAgeMs = 0,
  leaseMs = DEFAULT_LOCK_TIMING.leaseMs,
): boolean {
  if (holder.hostname !== Deno.hostname()) return lockAgeMs < leaseMs;
  const start = processStart(holder.pid);
  if (start === "zombie") return false;
  if (start === null) {
    try {
      Deno.statSync(`/proc/${holder.pid}`);
      return true;
    } catch {
      return false;
    }
  }
  return holder.procStart === null || start === holder.procStart;
}

/** Reads a lock's holder; null when there is no lock. An unreadable lock counts as held by nobody known. */
export async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await Deno.readTextFile(path)) as LockHolder;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    return { pid: -1, hostname: "(unreadable lock)", procStart: null, at: "" };
  }
}

async function linkNew(path: string, holder: LockHolder): Promise<boolean> {
  const tmp = `${path}.${holder.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(holder) + "\n");
  try {
    await Deno.link(tmp, path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/**
 * Removes the temp files (`<lock>.<pid>.<8 hex>.tmp`, each naming its holder) that processes of
 * this host left beside the lock at `path` when killed between writing and removing them.
 */
async function removeDeadTemps(path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash);
  const prefix = `${path.slice(slash + 1)}.`;
  for await (const entry of Deno.readDir(dir)) {
    const rest = entry.name.startsWith(prefix) ? entry.name.slice(prefix.length) : "";
    if (!/^\d+\.[0-9a-f]{8}\.tmp$/.test(rest)) continue;
    const holder = await readHolder(`${dir}/${entry.name}`);
    if (holder === null || holder.pid < 0 || holder.hostname !== Deno.hostname()) continue;
    if (!holderAlive(holder)) await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
  }
}

/** Milliseconds since the lock at `path` was last renewed; 0 when it cannot be read. */
async function lockAge(path: string): Promise<number> {
  const mtime = (await Deno.stat(path).catch(() => null))?.mtime;
  return mtime ? Math.max(0, Date.now() - mtime.getTime()) : 0;
}

function claimOf(path: string, holder: LockHolder, timing: LockTiming): Claim {
  const renew = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, timing.renewMs);
  Deno.unrefTimer(renew);
  return {
    path,
    holder,
    async release() {
      clearInterval(renew);
      const now = await readHolder(path);
      if (now?.pid === holder.pid && now.at === holder.at && now.hostname === holder.hostname) {
        await Deno.remove(path).catch(() => {});
      }
    },
  };
}

const TAKEOVER_STALE_MS = 60_000;

/** Takes over a lock whose holder is dead; only one process wins (via a `.takeover` lock). */
async function takeOver(path: string, holder: LockHolder, timing: LockTiming): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    await Deno.writeTextFile(guard, JSON.stringify(holder), { createNew: true });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    const age = Date.now() - ((await Deno.stat(guard).catch(() => null))?.mtime?.getTime() ?? 0);
    if (age > TAKEOVER_STALE_MS) await Deno.remove(guard).catch(() => {});
    return false;
  }
  try {
    const current = await readHolder(path);
    if (current !== null && holderAlive(current, await lockAge(path), timing.leaseMs)) return false;
    if (current !== null) await Deno.remove(path).catch(() => {});
    return await linkNew(path, holder);
  } finally {
    await Deno.remove(guard).catch(() => {});
  }
}

/**
 * Claims the cell `id` in `dir` for this process: null when a live process holds it. A lock left by
 * a dead process on this host, or by another host past its lease, is taken over. The claim renews
 * its lock every `timing.renewMs` until released.
 */
export async function claimCell(
  dir: string,
  id: string,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<Claim | null> {
  const path = lockPath(dir, id);
  const holder = thisProcess();
  const claimed = async () => {
    await removeDeadTemps(path);
    return claimOf(path, holder, timing);
  };
  if (await linkNew(path, holder)) return await claimed();
  const current = await readHolder(path);
  if (current === null) return (await linkNew(path, holder)) ? await claimed() : null;
  if (holderAlive(current, await lockAge(path), timing.leaseMs)) return null;
  return (await takeOver(path, holder, timing)) ? await claimed() : null;
}

/**
 * Whether a live process holds the lock of cell `id` in `dir`, by the rule `claimCell` follows:
 * a lock of a dead process on this host, or of another host past its lease, holds nothing.
 */
export async function cellClaimed(
  dir: string,
  id: string,
  timing: LockTiming = DEFAULT_LOCK_TIMING,
): Promise<boolean> {
  const path = lockPath(dir, id);
  const holder = await readHolder(path);
  return holder !== null && holderAlive(holder, await lockAge(path), timing.leaseMs);
}

/**
 * Runs `work` while holding the claim of cell `id` in `dir`, and releases it however `work` ends;
 * `{ claimed: false }` without running it when a live process holds the cell.
 */
export async function withCellClaim<T>(
  dir: string,
  id: string,
  work: () => Promise<T>,
): Promise<{ claimed: true; value: T } | { claimed: false }> {
  const claim = await claimCell(dir, id);
  if (claim === null) return { claimed: false };
  try {
    return { claimed: true, value: await work() };
  } finally {
    await claim.release();
  }
}
