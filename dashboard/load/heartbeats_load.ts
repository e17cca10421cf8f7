/**
 * `heartbeats`: R running cells of one stored sweep, V live viewers of that sweep's page, then
 * heartbeats posted for S seconds at an offered rate (cycling over the cells, at most 100 in
 * flight) while `GET /` is timed. Reports the heartbeats' latency, what the viewers received and
 * the server's peak memory.
 */
import { makeReport } from "../../src/testing/report_factory.ts";
import { probeLine, quantile, startProbe } from "./probe.ts";
import { type LoadOptions, postJson, statusCounts, withServer } from "./load_client.ts";

const SWEEP = "hb-load";
const IN_FLIGHT = 100;

function beat(i: number, epoch: number): string {
  return JSON.stringify({
    runId: `hb-load-run-${String(i).padStart(5, "0")}`,
    sweepId: SWEEP,
    epoch,
    epochs: 1000,
    loss: 1 / (1 + epoch),
    suite: "toy",
    cells: 100_000,
  });
}

/** Runs the scenario; returns the figure lines. */
export async function heartbeatsScenario(
  options: LoadOptions & { running: number; viewers: number; seconds: number; rate: number },
): Promise<string[]> {
  return await withServer(options, async (server) => {
    const beats = `${server.url}/api/heartbeats`;
    const stored = await postJson(
      `${server.url}/api/reports`,
      JSON.stringify(makeReport({ sweepId: SWEEP })),
    );
    if (stored.status !== 200) throw new Error(`storing the sweep: ${stored.text}`);
    for (let i = 0; i < options.running; i += IN_FLIGHT) {
      const n = Math.min(IN_FLIGHT, options.running - i);
      await Promise.all(Array.from({ length: n }, (_, k) => postJson(beats, beat(i + k, 0))));
    }
    const viewers = new Worker(new URL("./viewers_worker.ts", import.meta.url).href, {
      type: "module",
    });
    viewers.postMessage({
      url: `${server.url}/api/sweeps/${SWEEP}/events`,
      viewers: options.viewers,
    });
    await new Promise((r) => setTimeout(r, 2000));
    const probe = startProbe(`${server.url}/`);
    const statuses: number[] = [];
    const latencies: number[] = [];
    const stop = AbortSignal.timeout(options.seconds * 1000 + 10_000);
    const t0 = performance.now();
    const end = t0 + options.seconds * 1000;
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (performance.now() < end) {
      const due = Math.floor((performance.now() - t0) * options.rate / 1000);
      while (sent < due && inFlight.size < IN_FLIGHT) {
        const t = performance.now();
        const p: Promise<void> = postJson(beats, beat(sent % options.running, 1 + sent), stop)
          .then((a) => {
            statuses.push(a.status);
            latencies.push(performance.now() - t);
          }, () => void statuses.push(0))
          .finally(() => void inFlight.delete(p));
        inFlight.add(p);
        sent++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inFlight);
    console.error(`heartbeats: ${sent} offered, ${statuses.length} answered; stopping`);
    const seconds = (performance.now() - t0) / 1000;
    const figures = await probe.stop();
    const seen = await new Promise<{ opened: number; bytes: number; events: number }>((resolve) => {
      viewers.onmessage = (e) => resolve(e.data);
      viewers.postMessage("stop");
      setTimeout(() => resolve({ opened: NaN, bytes: NaN, events: NaN }), 10_000);
    });
    viewers.terminate();
    latencies.sort((a, b) => a - b);
    return [
      `${options.running} running cells, ${seen.opened} of ${options.viewers} viewers connected; ` +
      `${sent} heartbeats sent (offered at ${options.rate}/s over ${options.seconds} s, at most 100 in flight), answered ` +
      `${statusCounts(statuses)} in ${seconds.toFixed(1)} s; heartbeat latency p50 ${
        quantile(latencies, 0.5).toFixed(0)
      } / p95 ${quantile(latencies, 0.95).toFixed(0)} ms`,
      `viewers received ${(seen.bytes / 1048576).toFixed(1)} MiB in ${seen.events} events ` +
      `(${(seen.bytes / Math.max(1, seen.opened) / 1024).toFixed(0)} KiB each); server peak RSS ${
        server.peakRssMiB()?.toFixed(0)
      } MiB`,
      `GET / meanwhile: ${probeLine(figures)}`,
    ];
  });
}
