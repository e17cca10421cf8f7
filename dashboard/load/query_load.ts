/**
 * `report-copies`: a stored 24-run mlp-mnist sweep, then `GET /report` with the sweep named
 * 1,000, 2,000 and 4,000 times, each timed, while `GET /` is timed.
 */
import { syntheticSweep } from "../testing/synthetic_sweep.ts";
import { probeLine, startProbe } from "./probe.ts";
import { type LoadOptions, postJson, withServer } from "./load_client.ts";

/** Runs the scenario; returns the figure lines. */
export async function reportCopiesScenario(
  options: LoadOptions & { copies: number[] },
): Promise<string[]> {
  const sweep = syntheticSweep({
    suite: "mlp-mnist",
    sweepId: "copies",
    widths: [128, 256],
    lrs: [0.001, 0.003],
    seeds: [0, 1, 2, 3, 4, 5],
    epochs: 100,
  });
  return await withServer(options, async (server) => {
    const stored = await postJson(`${server.url}/api/reports`, JSON.stringify(sweep));
    if (stored.status !== 200) throw new Error(`storing the sweep: ${stored.text}`);
    const once = await fetch(`${server.url}/report?sweep=copies`);
    await once.arrayBuffer();
    const lines = [`the sweep named once: ${once.status}`];
    const probe = startProbe(`${server.url}/`);
    for (const n of options.copies) {
      const query = Array.from({ length: n }, () => "sweep=copies").join("&");
      const t = performance.now();
      const res = await fetch(`${server.url}/report?${query}`);
      const text = await res.text();
      lines.push(
        `${n} copies (${(query.length / 1024).toFixed(0)} KiB address): ${res.status} in ${
          (performance.now() - t).toFixed(0)
        } ms${
          res.status === 200 ? "" : ` (${text.replace(/<[^>]+>/g, " ").trim().slice(0, 120)})`
        }`,
      );
    }
    lines.push(`GET / meanwhile: ${probeLine(await probe.stop())}`);
    return lines;
  });
}
