import assert from "node:assert/strict";
import { claimCell, holderAlive, lockPath, readHolder, thisProcess } from "./lock.ts";

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
  assert.equal(claims.filter((c) => c !== null).length, 1);
});
