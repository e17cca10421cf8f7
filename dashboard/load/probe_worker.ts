/**
 * A Web Worker that requests one address over and over, one request at a time, until told to
 * stop, and answers with every request's time and outcome: the load scripts time `GET /` with it
 * from a thread of its own, so the load they generate does not delay the timing.
 *
 * Messages in: `{ url, pauseMs, timeoutMs }` to start, `"stop"` to stop. Out: `ProbeSample[]`.
 */
/// <reference lib="deno.worker" />
import type { ProbeSample } from "./probe.ts";

let running = true;

async function probe(url: string, pauseMs: number, timeoutMs: number): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = [];
  while (running) {
    const t = performance.now();
    let status = 0;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    samples.push({ ms: performance.now() - t, status });
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return samples;
}

self.onmessage = (e: MessageEvent) => {
  if (e.data === "stop") {
    running = false;
    return;
  }
  const { url, pauseMs, timeoutMs } = e.data as { url: string; pauseMs: number; timeoutMs: number };
  probe(url, pauseMs, timeoutMs).then((samples) => self.postMessage(samples));
};
