/**
 * Speed of the local pool and of Slurm array tasks, through the real command line:
 * - cells per minute of a tiny 8-cell grid with `--jobs 1` and `--jobs 2`;
 * - cells per minute of 4 w = 512 cells (n = 1976, 20 epochs, no NTK probes) on the BLAS path with
 *   `--jobs 1` (BLAS on every core) and `--jobs 2` (cores / 2 BLAS threads each);
 * - one cell as a 1-task Slurm array (sbatch, then `squeue` polled every 0.2 s) against the same
 *   cell run locally: the difference is the per-task overhead of the engine.
 * Run: deno bench -A src/sweep/pool_bench.ts   (the Slurm pair needs root and Slurm installed)
 * The --jobs 2 figure only means something on otherwise idle cores: each line prints the load.
 */

import { loadBlas } from "../blas/blas_library.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const SUITE = "mlp-mnist";
const SETS = [
  "--set",
  "width=32",
  "--set",
  "epochs=20",
  "--set",
  "trainSize=256",
  "--set",
  "ntkK=32",
];
const GRID = ["--grid", "lr=0.001,0.002", "--grid", "seed=0,1,2,3"];
const FLAGS = [...SETS, ...GRID];
const CELLS = 8;

async function sweep(extra: string[], flags = FLAGS): Promise<void> {
  const out = await Deno.makeTempDir({ prefix: "plbench-bench-" });
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}main.ts`,
      "sweep",
      "--suite",
      SUITE,
      ...flags,
      "--out",
      out,
      "--no-db",
      "--quiet",
      ...extra,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  await Deno.remove(out, { recursive: true });
}

for (const jobs of [1, 2]) {
  Deno.bench({
    name: `${CELLS} ${SUITE} cells, --jobs ${jobs}`,
    group: "pool",
    baseline: jobs === 1,
    n: 2,
    warmup: 0,
    async fn() {
      const t = performance.now();
      await sweep(["--jobs", String(jobs)]);
      const s = (performance.now() - t) / 1000;
      console.log(
        `--jobs ${jobs}: ${CELLS} cells in ${s.toFixed(2)} s = ${
          (CELLS / s * 60).toFixed(1)
        } cells/min (load average ${
          Deno.loadavg()[0]?.toFixed(2)
        }: other processes share the cores)`,
      );
    },
  });
}

const WIDE = ["--set", "width=512", "--set", "epochs=20", "--set", "probeEvery=0"].concat(
  ["--set", "fullNtk=false", "--grid", "seed=0,1,2,3", "--backend", "blas"],
);
const blas = loadBlas() !== null;

for (const jobs of [1, 2]) {
  Deno.bench({
    name: `4 ${SUITE} w=512 cells on blas, --jobs ${jobs}`,
    group: "w=512 blas",
    baseline: jobs === 1,
    n: 1,
    warmup: 0,
    ignore: !blas,
    async fn() {
      const t = performance.now();
      await sweep(["--jobs", String(jobs)], WIDE);
      const s = (performance.now() - t) / 1000;
      const threads = Math.max(1, Math.floor(navigator.hardwareConcurrency / jobs));
      console.log(
        `w=512 blas --jobs ${jobs} (${threads} BLAS thread(s) each): 4 cells in ${
          s.toFixed(2)
        } s = ${(4 / s * 60).toFixed(2)} cells/min (load average ${Deno.loadavg()[0]?.toFixed(2)})`,
      );
    },
  });
}

const slurm = Deno.uid() === 0 &&
  (await new Deno.Command("sh", { args: ["-c", "command -v sbatch"] }).output()).success;
const ONE = [...SETS, "--set", "lr=0.001", "--set", "seed=0"];

Deno.bench({
  name: `one ${SUITE} cell run locally (deno task sweep)`,
  group: "slurm",
  baseline: true,
  n: 3,
  warmup: 0,
  ignore: !slurm,
  async fn() {
    await sweep(["--jobs", "1"], ONE);
  },
});

Deno.bench({
  name: `one ${SUITE} cell as a 1-task Slurm array (sbatch until squeue is empty)`,
  group: "slurm",
  n: 3,
  warmup: 0,
  ignore: !slurm,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "plbench-bench-" });
    const r = await new Deno.Command("sbatch", {
      args: [
        "--parsable",
        "--array=0-0",
        `--chdir=${ROOT}`,
        `--output=${out}/slurm-%A_%a.out`,
        `${ROOT}deploy/slurm/sweep.sbatch`,
        SUITE,
        ...ONE,
        "--out",
        out,
        "--no-db",
        "--quiet",
      ],
      stdout: "piped",
    }).output();
    const job = new TextDecoder().decode(r.stdout).trim().split(";")[0] ?? "";
    for (;;) {
      const q = await new Deno.Command("squeue", {
        args: ["-h", "-j", job],
        stdout: "piped",
        stderr: "null",
      }).output();
      if (new TextDecoder().decode(q.stdout).trim() === "") break;
      await new Promise((ok) => setTimeout(ok, 200));
    }
    const found = [...Deno.readDirSync(out)].filter((e) => e.name.endsWith(".json")).length;
    if (found !== 1) throw new Error(`the Slurm task wrote ${found} reports, expected 1`);
    await Deno.remove(out, { recursive: true });
  },
});
