import assert from "node:assert/strict";
import {
  CheckpointClock,
  formatCheckpointEvery,
  parseCheckpointEvery,
} from "./checkpoint_every.ts";

Deno.test("parseCheckpointEvery() reads wall time, epochs and off, and refuses anything else", () => {
  assert.deepEqual(parseCheckpointEvery("90s"), { kind: "seconds", seconds: 90 });
  assert.deepEqual(parseCheckpointEvery("1.5m"), { kind: "seconds", seconds: 90 });
  assert.deepEqual(parseCheckpointEvery("1h"), { kind: "seconds", seconds: 3600 });
  assert.deepEqual(parseCheckpointEvery("25e"), { kind: "epochs", epochs: 25 });
  assert.deepEqual(parseCheckpointEvery("off"), { kind: "off" });
  for (const bad of ["", "60", "0s", "0e", "-5m", "5 minutes", "e"]) {
    assert.throws(
      () => parseCheckpointEvery(bad),
      new RangeError(
        `Invalid --checkpoint-every '${bad}': expected wall time (e.g. 90s, 5m, 1h), epochs ` +
          "(e.g. 25e) or off",
      ),
    );
  }
  assert.equal(formatCheckpointEvery(parseCheckpointEvery("2m")), "120s");
});

Deno.test("a time rule checkpoints every interval, and at probe epochs only once the run is long", () => {
  let now = 0;
  const clock = new CheckpointClock({ kind: "seconds", seconds: 60 }, () => now);
  now = 30_000;
  assert.equal(clock.due(10, true), false); // a probe in a run younger than the interval
  now = 61_000;
  assert.equal(clock.due(20, false), true);
  clock.saved();
  now = 62_000;
  assert.equal(clock.due(21, false), false);
  assert.equal(clock.due(30, true), true); // past the interval, every probe epoch counts
  clock.saved();
  now = 121_000;
  assert.equal(clock.due(31, false), false);
  now = 122_500;
  assert.equal(clock.due(32, false), true);
});

Deno.test("probe-epoch checkpoints keep to 5% of the wall time", () => {
  let now = 0;
  const clock = new CheckpointClock({ kind: "seconds", seconds: 60 }, () => now);
  now = 61_000;
  clock.saved(40); // a 40 ms checkpoint
  now = 61_500;
  assert.equal(clock.due(10, true), false); // 0.5 s later: 40 ms would be 8% of it
  now = 61_800;
  assert.equal(clock.due(20, true), true); // 0.8 s = 20 x 40 ms
  assert.equal(clock.due(21, false), false);
});

Deno.test("an epoch rule checkpoints after every N epochs; off never", () => {
  const every5 = new CheckpointClock({ kind: "epochs", epochs: 5 });
  const due = [...Array(12).keys()].filter((e) => every5.due(e, e % 10 === 0));
  assert.deepEqual(due, [4, 9]);
  const off = new CheckpointClock({ kind: "off" }, () => 1e12);
  assert.equal(off.due(99, true), false);
});
