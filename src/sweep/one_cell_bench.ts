/**
 * The one-cell sweep `--set width=1024 --set seed=0` (mlp-mnist, n = 2000, 30 epochs so that it
 * stays short; its NTK probes as configured) through the real command line, with the sweep's own
 * choice of jobs and BLAS threads, against numpy + OpenBLAS's epoch at the same width and n with
 * one thread per core (numpy_epoch_reference.py, the fastest of five epochs), timed in the same
 * run, just before and just after the sweep (the faster of the two). The cell's epoch time is the fastest and the median gap between consecutive epochs of its
 * report's `seconds` series (a probe epoch's gap holds its probe; both leave those out). A sweep
 * of one cell gives it every core: cores / min(jobs, cells) BLAS threads.
 *
 *   deno task bench src/sweep/one_cell_bench.ts
 */
import { loadBlas } from "../blas/blas_library.ts";
import type { Report } from "../report/schema.ts";
import { listReports } from "../spool/store_files.ts";
import { median } from "../util/stats.ts";
import { numpyEpochSeconds } from "../train/bench_support.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SETS = ["width=1024", "seed=0", "epochs=30"];

/** Runs the one-cell sweep into a new folder; its report. */
async function oneCellSweep(): Promise<Report> {
  const out = await Deno.makeTempDir({ prefix: "plbench-one-cell-" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}main.ts`,
      "sweep",
      ...SETS.flatMap((s) => ["--set", s]),
      "--out",
      out,
      "--no-db",
      "--quiet",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(r.stdout);
  if (!r.success) throw new Error(`sweep failed: ${new TextDecoder().decode(r.stderr)}${text}`);
  const line = text.split("\n").find((l) => l.startsWith("sweep "));
  if (line !== undefined) console.log(line.replace(/^.*; jobs/, "one-cell sweep: jobs"));
  const [report] = await listReports(out);
  await Deno.remove(out, { recursive: true });
  if (report === undefined) throw new Error("the one-cell sweep wrote no report");
  return report;
}

/** The fastest and the median seconds between consecutive epochs of a report. */
function epochSeconds(report: Report): { min: number; median: number } {
  const s = report.series.seconds;
  const gaps = s.slice(1).map((t, i) => t - s[i]!);
  return { min: Math.min(...gaps), median: median(gaps) };
}

const cells: { min: number; median: number }[] = [];
let numpy: number | null = null;

Deno.bench({
  name: "one-cell sweep width=1024 seed=0 (30 epochs)",
  n: 1,
  warmup: 0,
  ignore: loadBlas() === null,
  async fn() {
    // numpy just before and just after the sweep, the faster kept: a machine whose load changes
    // meanwhile then favours the reference, not the sweep
    const before = numpyEpochSeconds(1024, 2000);
    cells.push(epochSeconds(await oneCellSweep()));
    const after = numpyEpochSeconds(1024, 2000);
    const times = [before, after, numpy].filter((t): t is number => t !== null);
    numpy = times.length === 0 ? null : Math.min(...times);
  },
});

globalThis.addEventListener("unload", () => {
  if (cells.length === 0) return console.log("one-cell sweep: not timed (no system BLAS)");
  // over every timed sweep (deno bench may run the function more than once), as for numpy
  const cell = {
    min: Math.min(...cells.map((c) => c.min)),
    median: Math.min(...cells.map((c) => c.median)),
  };
  const threads = navigator.hardwareConcurrency;
  console.log(
    `one-cell sweep, w=1024 n=2000: fastest epoch ${cell.min.toFixed(3)} s, median ` +
      `${cell.median.toFixed(3)} s` +
      (numpy === null
        ? "; numpy + OpenBLAS not timed (python3 with numpy not installed)"
        : `; numpy + OpenBLAS ${threads} threads, same run, fastest of five: ` +
          `${(numpy as number).toFixed(3)} s; fastest ${(cell.min / numpy).toFixed(2)}x, median ` +
          `${(cell.median / numpy).toFixed(2)}x`),
  );
});
