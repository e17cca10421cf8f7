import assert from "node:assert/strict";
import { main } from "./main.ts";
import { fakeDeps, realDeps } from "./src/cli/testdata/deps.ts";
import { officialMnistDir } from "./src/data/official_mnist.ts";

async function stderrOf(fn: () => Promise<number>): Promise<[number, string]> {
  const original = console.error;
  let text = "";
  console.error = (...parts: unknown[]) => void (text += parts.join(" ") + "\n");
  try {
    return [await fn(), text];
  } finally {
    console.error = original;
  }
}

/** Runs `deno run -A main.ts ...args` in a subprocess (plain error text) with extra `env`. */
async function runMain(args: string[], env: Record<string, string> = {}) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./main.ts", import.meta.url).pathname, ...args],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, stderr: new TextDecoder().decode(r.stderr) };
}

/** Each `args` makes `run` exit 2 with exactly one stderr line containing its message. */
async function assertRefused(
  cases: [string[], string][],
  run: (args: string[]) => Promise<number>,
) {
  for (const [args, message] of cases) {
    const [code, stderr] = await stderrOf(() => run(args));
    assert.equal(code, 2, `${args.join(" ")} -> ${code}`);
    assert.ok(stderr.includes(message), `${args.join(" ")}: '${stderr}' lacks '${message}'`);
    assert.equal(stderr.trim().split("\n").length, 1);
  }
}

Deno.test("main() exits 2 with one clear line for each kind of bad input, before any run", async () => {
  const out = await Deno.makeTempDir();
  const cases: [string[], string][] = [
    [["--suite", "nope"], "Unknown suite 'nope' (known suites: fake-lsq)"],
    [["--set", "depth=3"], "Unknown key 'depth' for suite 'fake-lsq'"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["--set", "width=0"], "Invalid value for width: expected a whole number >= 1, got '0'"],
    [["--set", "lr=-1"], "Invalid value for lr: expected a number > 0, got '-1'"],
    [["--grid", "lr=0.1,abc"], "Invalid value for lr: expected a number > 0, got 'abc'"],
    [["--backend", "tpu"], "Unknown backend 'tpu': expected one of auto, webgpu, blas, wasm, cpu"],
    [["--grid", "width="], "Grid with no cells"],
    [["--shard", "7/4"], "Cannot shard grid: index must be < count, got index 7, count 4"],
    [["--shard", "x/4"], "Cannot shard grid: shard index must be a whole number, got 'x'"],
    [["--jobs", "0"], "Invalid --jobs '0': expected a whole number >= 1"],
    [
      ["--checkpoint-every", "5"],
      "Invalid --checkpoint-every '5': expected wall time (e.g. 90s, 5m, 1h), epochs (e.g. 25e) " +
      "or off",
    ],
    [["frobnicate"], "Unknown command 'frobnicate'"],
    [["upload"], "upload needs --upload URL"],
  ];
  await assertRefused(cases, (args) => main([...args, "--out", out], fakeDeps()));
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("main() refuses a bad shard from the Slurm environment", async () => {
  const deps = fakeDeps({ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4" });
  const [code, stderr] = await stderrOf(() => main(["--out", "/nonexistent/x"], deps));
  assert.equal(code, 2);
  assert.match(stderr, /index must be < count, got index 4, count 4/);
});

Deno.test("main() --list prints one line per suite and --help the usage", async () => {
  const deps = fakeDeps();
  assert.equal(await main(["--list"], deps), 0);
  assert.equal(deps.out.text(), "fake-lsq  least squares by gradient descent (test stand-in)\n");
  const help = fakeDeps();
  assert.equal(await main(["sweep", "--help"], help), 0);
  assert.match(help.out.text(), /--shard i\/N/);
});

Deno.test("main() hands serve and nightly to their own entry points", async () => {
  const [serve, serveErr] = await stderrOf(() => main(["serve", "--port", "abc"], fakeDeps()));
  assert.equal(serve, 2);
  assert.match(serveErr, /--port must be an integer from 0 to 65535, got 'abc'/);
  const [nightly, nightlyErr] = await stderrOf(() => main(["nightly", "--bogus"], fakeDeps()));
  assert.equal(nightly, 2);
  assert.match(nightlyErr, /bogus/);
});

Deno.test("main.ts run as a process exits 2 with one line on stderr for bad mlp-mnist input", async () => {
  const out = await Deno.makeTempDir();
  const cases: [string[], string][] = [
    [["--set", "width=0"], "Invalid value for width: expected a whole number >= 1, got '0'"],
    [["--set", "lr=-0.5"], "Invalid value for lr: expected a number > 0, got '-0.5'"],
    [["--grid", "lr=abc"], "Invalid value for lr: expected a number > 0, got 'abc'"],
    [["--backend", "gpu"], "Unknown backend 'gpu'"],
    [["--grid", "seed="], "Grid with no cells"],
    [["--set", "trainSize=20000", "--set", "fullNtk=false"], "Invalid trainSize 20000"],
  ];
  // without LAPACK (hidden), the whole training set is past the full-data NTK's limit; with it,
  // trainSize=0 would run (suites/mlp_mnist_test.ts checks both limits)
  const noLapack = { PLBENCH_BLAS: "off" };
  cases.push([
    ["--set", "trainSize=0"],
    "Cannot compute fullNtk at trainSize=0 (all samples): the full-data NTK is supported up to " +
    "n = 4000 without LAPACK",
  ]);
  for (const [args, message] of cases) {
    const r = await runMain(["sweep", "--suite", "mlp-mnist", ...args, "--out", out], noLapack);
    const stderr = r.stderr;
    assert.equal(r.code, 2, stderr);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.ok(stderr.includes(message), `'${stderr}' lacks '${message}'`);
  }
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("`sweep --backend webgpu` where WebGPU has no adapter exits 2 with one line, writing nothing", async () => {
  const out = await Deno.makeTempDir();
  const args = ["sweep", "--suite", "lemniscate", "--backend", "webgpu", "--out", out, "--no-db"];
  // No adapter: Direct3D 12 does not exist on Linux or macOS, Metal not on Windows.
  const r = await runMain(args, {
    DENO_WEBGPU_BACKEND: Deno.build.os === "windows" ? "metal" : "dx12",
  });
  const stderr = r.stderr.trim();
  assert.equal(r.code, 2, stderr);
  assert.match(
    stderr,
    /^Cannot use backend 'webgpu': navigator.gpu gives no adapter here \(DENO_WEBGPU_BACKEND=(dx12|metal)\)$/,
  );
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("main() checks --data-dir against the suite before any run", async () => {
  const out = await Deno.makeTempDir();
  const empty = await Deno.makeTempDir();
  const file = await Deno.makeTempFile();
  const cases: [string[], string][] = [
    [["--data-dir", "/nonexistent"], "Cannot use --data-dir '/nonexistent': no such folder"],
    [["--data-dir", file], `Cannot use --data-dir '${file}': not a folder`],
    [
      ["--data-dir", empty],
      `Cannot use --data-dir '${empty}': Cannot find train-images-idx3-ubyte or train-images-idx3-ubyte.gz`,
    ],
    [["--suite", "lemniscate", "--data-dir", empty], "Suite 'lemniscate' reads no data folder"],
  ];
  await assertRefused(cases, (args) => main([...args, "--out", out, "--no-db"], realDeps()));
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("main() refuses an MNIST folder as cnn-cifar5's CIFAR-10 --data-dir", async () => {
  const out = await Deno.makeTempDir();
  const dir = officialMnistDir();
  const message =
    `Cannot use --data-dir '${dir}': Cannot read CIFAR-10: missing file ${dir}/data_batch_1.bin`;
  const args = ["--suite", "cnn-cifar5", "--data-dir", dir];
  await assertRefused([[args, message]], (a) => main([...a, "--out", out, "--no-db"], realDeps()));
  assert.deepEqual([...Deno.readDirSync(out)], []);
});

Deno.test("upload refuses an --out that is not a folder, before contacting the dashboard", async () => {
  const [code, stderr] = await stderrOf(() =>
    main(["upload", "--upload", "http://127.0.0.1:9", "--out", "/nonexistent"], fakeDeps())
  );
  assert.equal(code, 2);
  assert.equal(stderr.trim(), "Invalid --out '/nonexistent': no such folder of reports");
});
