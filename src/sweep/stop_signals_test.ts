import assert from "node:assert/strict";
import { stopAction, stopExitCode, StopListener } from "./stop_signals.ts";

Deno.test("stopAction(): the first signal stops a process that can save, ends one that cannot", () => {
  const none = { first: null, sigints: 0 };
  assert.equal(stopAction("SIGTERM", none, true), "stop");
  assert.equal(stopAction("SIGINT", none, true), "stop");
  assert.equal(stopAction("SIGTERM", none, false), "exit");
  // more SIGTERMs (a scheduler signalling every process, the sweep forwarding) change nothing
  assert.equal(stopAction("SIGTERM", { first: "SIGTERM", sigints: 0 }, true), "ignore");
  // Ctrl-C after the sweep forwarded SIGTERM is still the first Ctrl-C
  assert.equal(stopAction("SIGINT", { first: "SIGTERM", sigints: 0 }, true), "ignore");
  // Ctrl-C again: at once
  assert.equal(stopAction("SIGINT", { first: "SIGINT", sigints: 1 }, true), "exit");
  assert.equal(stopExitCode("SIGTERM"), 143);
  assert.equal(stopExitCode("SIGINT"), 130);
});

Deno.test("StopListener stops on the first signal, exits on the second Ctrl-C with 130", () => {
  const stops: string[] = [];
  const exits: number[] = [];
  const listener = new StopListener({
    canSave: true,
    onStop: (s) => stops.push(s),
    exit: (c) => exits.push(c),
  });
  listener.receive("SIGINT");
  listener.receive("SIGTERM");
  assert.deepEqual([stops, exits, listener.requested], [["SIGINT"], [], "SIGINT"]);
  listener.receive("SIGINT");
  assert.deepEqual(exits, [130]);
});

Deno.test("StopListener exits at once with 143 before it can save, and stops once it can", () => {
  const exits: number[] = [];
  const early = new StopListener({ canSave: false, exit: (c) => exits.push(c) });
  early.receive("SIGTERM");
  assert.deepEqual(exits, [143]);
  const later = new StopListener({ canSave: false, exit: (c) => exits.push(c) });
  later.cooperate();
  later.receive("SIGTERM");
  assert.deepEqual([exits.length, later.requested], [1, "SIGTERM"]);
});

Deno.test("StopListener hears real signals while installed", async () => {
  if (Deno.build.os === "windows") return;
  const stops: string[] = [];
  const listener = new StopListener({ canSave: true, onStop: (s) => stops.push(s) }).install();
  try {
    Deno.kill(Deno.pid, "SIGTERM");
    for (let i = 0; i < 100 && stops.length === 0; i++) {
      await new Promise((ok) => setTimeout(ok, 10));
    }
  } finally {
    listener.uninstall();
  }
  assert.deepEqual(stops, ["SIGTERM"]);
});
