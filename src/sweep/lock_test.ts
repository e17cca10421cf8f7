import assert from "node:assert/strict";
import {
  cellClaimed,
  claimCell,
  holderAlive,
  lockPath,
  readHolder,
  thisProcess,
  withCellClaim,
} from "./lock.ts";

const ID = "00112233445566778899";

Deno.test("claimCell() gives a cell to one claimant until it is released", async () => {
  const dir = await Deno.makeTempDir();
  const first = await claimCell(dir, ID);
  assert.ok(first !== null);
  assert.equal(await claimCell(dir, ID), null);
  assert.deepEqual(await readHolder(lockPath(dir, ID)), first.holder);
  await first.release();
  assert.equal(await readHolder(lockPath(dir, ID)), null);
  const again = await claimCell(dir, ID);
  assert.ok(again !== null);
  await again.release();
});

Deno.test("a lock left by a dead process on this host is taken over", async () => {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command("true").spawn();
  await child.status;
  const dead = { ...thisProcess(), pid: child.pid, procStart: "1" };
  assert.equal(holderAlive(dead), false);
  await Deno.writeTextFile(lockPath(dir, ID), JSON.stringify(dead));
  const claim = await claimCell(dir, ID);
  assert.ok(claim !== null);
  assert.equal(claim.holder.pid, Deno.pid);
  await claim.release();
});

Deno.test("a lock of a live process or of another host is respected", async () => {
  const dir = await Deno.makeTempDir();
  const sleeper = new Deno.Command("sleep", { args: ["5"] }).spawn();
  try {
    const live = { ...thisProcess(), pid: sleeper.pid, procStart: null };
    await Deno.writeTextFile(lockPath(dir, ID), JSON.stringify(live));
    assert.equal(await claimCell(dir, ID), null);
    const remote = { ...thisProcess(), hostname: "elsewhere", pid: 1 };
    await Deno.writeTextFile(lockPath(dir, ID), JSON.stringify(remote));
    assert.equal(await claimCell(dir, ID), null);
  } finally {
    sleeper.kill("SIGKILL");
    await sleeper.status;
  }
});

Deno.test("of many concurrent claims on a free cell exactly one wins", async () => {
  const dir = await Deno.makeTempDir();
  const claims = await Promise.all(Array.from({ length: 20 }, () => claimCell(dir, ID)));
  const won = claims.filter((c) => c !== null);
  assert.equal(won.length, 1);
  await won[0]!.release();
});

Deno.test("another host's lock is respected within its lease and taken over after it", async () => {
  const dir = await Deno.makeTempDir();
  const path = lockPath(dir, ID);
  const remote = { ...thisProcess(), hostname: "node-that-died", pid: 1 };
  await Deno.writeTextFile(path, JSON.stringify(remote));
  const timing = { leaseMs: 60_000, renewMs: 10_000 };
  const old = new Date(Date.now() - 59_000);
  await Deno.utime(path, old, old);
  assert.equal(await claimCell(dir, ID, timing), null);
  const expired = new Date(Date.now() - 61_000);
  await Deno.utime(path, expired, expired);
  const claim = await claimCell(dir, ID, timing);
  assert.ok(claim !== null);
  assert.equal((await readHolder(path))?.pid, Deno.pid);
  await claim.release();
  assert.equal(holderAlive(remote, 59_000, 60_000), true);
  assert.equal(holderAlive(remote, 61_000, 60_000), false);
});

Deno.test("a held claim renews its lock until it is released", async () => {
  const dir = await Deno.makeTempDir();
  const path = lockPath(dir, ID);
  const claim = await claimCell(dir, ID, { leaseMs: 60_000, renewMs: 20 });
  assert.ok(claim !== null);
  const old = new Date(Date.now() - 3_600_000);
  await Deno.utime(path, old, old);
  await new Promise((ok) => setTimeout(ok, 120));
  const age = Date.now() - (await Deno.stat(path)).mtime!.getTime();
  assert.ok(age < 1_000, `lock last renewed ${age} ms ago`);
  await claim.release();
  assert.equal(await readHolder(path), null);
});

Deno.test("a claim removes the temp files a killed claimant of this host left, and no others", async () => {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command("true").spawn();
  await child.status;
  const dead = { ...thisProcess(), pid: child.pid, procStart: "1" };
  const lock = lockPath(dir, ID);
  const deadTemp = `${lock}.${child.pid}.0a1b2c3d.tmp`;
  const liveTemp = `${lock}.${Deno.pid}.0a1b2c3d.tmp`;
  const otherHost = `${lock}.${child.pid}.4e5f6a7b.tmp`;
  await Deno.writeTextFile(deadTemp, JSON.stringify(dead));
  await Deno.writeTextFile(liveTemp, JSON.stringify(thisProcess()));
  await Deno.writeTextFile(otherHost, JSON.stringify({ ...dead, hostname: "elsewhere" }));
  const claim = await claimCell(dir, ID);
  assert.ok(claim !== null);
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(
    left,
    [`${ID}.lock`, liveTemp.slice(dir.length + 1), otherHost.slice(dir.length + 1)].sort(),
  );
  await claim.release();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cellClaimed() follows claimCell's rule: another host's lock holds only within its lease", async () => {
  const dir = await Deno.makeTempDir();
  const path = lockPath(dir, ID);
  assert.equal(await cellClaimed(dir, ID), false);
  await Deno.writeTextFile(
    path,
    JSON.stringify({ ...thisProcess(), hostname: "elsewhere", pid: 1 }),
  );
  const timing = { leaseMs: 60_000, renewMs: 10_000 };
  const recent = new Date(Date.now() - 59_000);
  await Deno.utime(path, recent, recent);
  assert.equal(await cellClaimed(dir, ID, timing), true);
  const expired = new Date(Date.now() - 61_000);
  await Deno.utime(path, expired, expired);
  assert.equal(await cellClaimed(dir, ID, timing), false);
});

Deno.test("withCellClaim() runs the work under the lock and releases it even when the work throws", async () => {
  const dir = await Deno.makeTempDir();
  const done = await withCellClaim(dir, ID, async () => await cellClaimed(dir, ID));
  assert.deepEqual(done, { claimed: true, value: true });
  await assert.rejects(
    () => withCellClaim(dir, ID, () => Promise.reject(new Error("boom"))),
    /boom/,
  );
  assert.equal(await readHolder(lockPath(dir, ID)), null);
  const held = await claimCell(dir, ID);
  let ran = false;
  assert.deepEqual(await withCellClaim(dir, ID, () => Promise.resolve(ran = true)), {
    claimed: false,
  });
  assert.equal(ran, false);
  await held!.release();
});
