import assert from "node:assert/strict";
import { formatDuration, Progress } from "./progress.ts";
import { recorder } from "./testdata/deps.ts";
import { expandGrid } from "../sweep/grid.ts";
import { fakeLeastSquares } from "../sweep/testdata/fake_suites.ts";
import { buildReport, emptySummary } from "../report/build.ts";
import { testFrame } from "../testing/report_factory.ts";

const plan = expandGrid(fakeLeastSquares, ["epochs=4", "lr=0.1"], ["width=2,3"]);
const cells = new Map(plan.cells.map((c) => [c.id, c]));
const [a, b] = plan.cells;

function drive(progress: Progress) {
  progress.onEvent({
    kind: "plan",
    toRun: 2,
    skipped: 0,
    total: 2,
    epochs: 10,
    resuming: 0,
    extending: 0,
  });
  progress.onEvent({ kind: "start", id: a!.id });
  for (let epoch = 0; epoch <= 4; epoch++) {
    progress.onEvent({ kind: "epoch", id: a!.id, epoch, epochs: 4, loss: 1 / (epoch + 1) });
  }
  const series = { epoch: [0], loss: [1], gradNormSq: [1], drift: [0], lr: [0.5], seconds: [0] };
  const report = buildReport(
    testFrame({ id: a!.id, config: a!.config, grid: {}, cells: 2, env: { backend: "cpu" } }),
    {
      status: "complete",
      divergedAt: null,
      error: null,
      params: 2,
      trainSize: 16,
      series,
      notes: [],
    },
    emptySummary(),
  );
  progress.onEvent({ kind: "end", result: { id: a!.id, kind: "ran", status: "complete", report } });
  progress.onEvent({ kind: "end", result: { id: b!.id, kind: "skipped", reason: "claimed" } });
}

Deno.test("Progress draws a bar with runs, epoch, loss and ETA on a terminal", () => {
  const sink = { ...recorder(), isTerminal: true };
  const text = () => sink.text();
  drive(new Progress(sink, cells, ["width"], false));
  const bar = text().split("\r\u001b[2K").find((part) => part.includes("epoch 0/4")) ?? "";
  assert.match(bar, /^\[-{20}\] 0\/2 runs \| [0-9a-f]{8} epoch 0\/4 loss 1 \| ETA /);
  assert.match(text(), /\[1\/2\] [0-9a-f]{8} width=2: complete loss 0.2\n/);
});

Deno.test("Progress writes plain lines, one per finished run, when not on a terminal", () => {
  const sink = recorder();
  drive(new Progress(sink, cells, ["width"], false));
  assert.equal(sink.text().includes("\r"), false);
  assert.deepEqual(sink.text().trim().split("\n").map((l) => l.replace(/[0-9a-f]{8}/, "ID")), [
    "2 cells in this shard: 2 to run, 0 already done or claimed",
    "[1/2] ID width=2: complete loss 0.2",
    "[2/2] ID width=3: skipped (claimed by another process)",
  ]);
});

Deno.test("Progress says which cells resume or extend, where they start, and which stopped", () => {
  const sink = recorder();
  const progress = new Progress(sink, cells, ["width"], false);
  progress.onEvent({
    kind: "plan",
    toRun: 2,
    skipped: 1,
    total: 3,
    epochs: 6,
    resuming: 1,
    extending: 1,
  });
  progress.onEvent({ kind: "resume", id: a!.id, epoch: 3, from: "checkpoint" });
  progress.onEvent({ kind: "resume", id: b!.id, epoch: 2, from: "extension" });
  progress.onEvent({ kind: "end", result: { id: a!.id, kind: "stopped", epoch: 4 } });
  progress.onEvent({ kind: "end", result: { id: b!.id, kind: "stopped", epoch: null } });
  assert.deepEqual(sink.text().trim().split("\n").map((l) => l.replace(/[0-9a-f]{8}/, "ID")), [
    "3 cells in this shard: 2 to run (1 resuming from a checkpoint, 1 extending a finished " +
    "shorter run), 1 already done or claimed",
    "ID width=2: starts at epoch 3 from its checkpoint",
    "ID width=3: starts at epoch 2 from a shorter run's final state",
    "[1/2] ID width=2: stopped, checkpoint at epoch 4",
    "[2/2] ID width=3: stopped before training",
  ]);
});

Deno.test("formatDuration() writes hours, minutes and seconds", () => {
  assert.equal(formatDuration(7), "7s");
  assert.equal(formatDuration(185), "3m05s");
  assert.equal(formatDuration(3720), "1h02m");
});
