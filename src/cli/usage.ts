/** The `--help` text of plbench. */
export const USAGE =
  `plbench: local Polyak-Lojasiewicz diagnostics of neural-net training, over grids.

Usage:
  deno task sweep [flags]            run a grid (the default command)
  deno task serve [flags]            start the dashboard
  deno task upload --upload URL [--out DIR ...]   send reports the dashboard lacks
  deno task claims [--out DIR ...] [--upload URL] [--report FILE]
                                     judge the suites' claims on existing reports; --report
                                     writes the paper reproduction report (one HTML file)
  deno task nightly | baseline       nightly regression runs
  deno task sweep --list             list the suites

Sweep flags:
  --suite NAME        suite to run (see --list)
  --set key=value     fix a config key (repeat)
  --grid key=v1,v2    make a key an axis of the grid (repeat; axes multiply)
  --backend B         auto | webgpu | blas | wasm | cpu (default auto: webgpu on a hardware GPU,
                      else blas, the wasm backend with matrix products on the system BLAS
                      where one loads, else plain wasm)
  --out DIR           report folder (default runs/); several --out: summary across shards only
  --shard i/N         run the cells at positions i mod N (default: from SLURM_ARRAY_TASK_ID /
                      SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX / PLBENCH_SHARD_COUNT)
  --jobs P            cells at once, one worker process each (default: cores; 1 on a GPU);
                      lowered where the cells' estimated memory would not fit side by side
                      (PLBENCH_MEMORY caps the memory used); each worker's BLAS uses
                      cores / min(P, cells to run) threads
  --checkpoint-every T
                      running cells save their state every T of wall time (90s, 5m, 1h;
                      default 60s, and at every NTK probe epoch once a run is longer), every
                      N epochs (25e) or never (off); a rerun resumes from it, SIGTERM or
                      Ctrl-C writes one and stops (exit code 143 or 130; Ctrl-C again: at once)
  --force             rerun cells that already have a finished report, from scratch
  --upload URL        post each report to the dashboard at URL (token: env PLBENCH_TOKEN)
  --db FILE           local SQLite store the sweep also writes (default plbench.db when unsharded)
  --no-db             write no local store
  --data-dir DIR      data folder, checked before any run: MNIST-format IDX files for the MLP
                      suites, CIFAR-10 binary batches for cnn-cifar5
  --quiet             only warnings and the final summary
  --help              this text
`;
