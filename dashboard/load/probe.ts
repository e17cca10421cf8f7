/**
 * Timing a page while a load script loads the server: `startProbe` requests the page in a worker
 * thread (probe_worker.ts) until stopped; `probeFigures` gives p50, p95, max and the failures
 * (no answer within the timeout, or not 200), a failure counted at the timeout in the percentiles.
 */

/** One timed request: its time and HTTP status (0: no answer in time, or a network error). */
export interface ProbeSample {
  ms: number;
  status: number;
}

/** What a probe measured. */
export interface ProbeFigures {
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  max: number;
}

/** The q-quantile (0 < q <= 1) of sorted numbers, by the nearest-rank rule. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** p50, p95 and max of the samples, failures counted at `timeoutMs`. */
export function probeFigures(samples: readonly ProbeSample[], timeoutMs: number): ProbeFigures {
  const failed = samples.filter((s) => s.status !== 200).length;
  const ms = samples.map((s) => (s.status === 200 ? s.ms : Math.max(s.ms, timeoutMs)))
    .sort((a, b) => a - b);
  return {
    requests: samples.length,
    failed,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    max: ms.at(-1) ?? NaN,
  };
}

/** The figures in one line: `p50 3.1 / p95 12.0 / max 40.2 ms, 0 of 120 failed`. */
export function probeLine(f: ProbeFigures): string {
  const n = (x: number) => x < 100 ? x.toFixed(1) : x.toFixed(0);
  return `p50 ${n(f.p50)} / p95 ${n(f.p95)} / max ${n(f.max)} ms, ${f.failed} of ${f.requests} ` +
    "failed";
}

/** A running probe of `url` (one request at a time, `pauseMs` between them). */
export function startProbe(
  url: string,
  pauseMs = 100,
  timeoutMs = 5000,
): { stop(): Promise<ProbeFigures> } {
  const worker = new Worker(new URL("./probe_worker.ts", import.meta.url).href, { type: "module" });
  const done = new Promise<ProbeSample[]>((resolve) => {
    worker.onmessage = (e: MessageEvent<ProbeSample[]>) => resolve(e.data);
  });
  worker.postMessage({ url, pauseMs, timeoutMs });
  return {
    async stop() {
      worker.postMessage("stop");
      const samples = await done;
      worker.terminate();
      return probeFigures(samples, timeoutMs);
    },
  };
}
