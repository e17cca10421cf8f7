/**
 * Big bodies: `uploads` posts N valid reports of about M MiB each at once and times `GET /`
 * meanwhile; `oversize` posts N bodies of M MiB that are too large to store (a JSON array of
 * numbers past the stored-value limit) and reports how the server answered and its peak memory.
 */
import { makeReport } from "../../src/testing/report_factory.ts";
import { probeLine, startProbe } from "./probe.ts";
import {
  type LoadOptions,
  postJson,
  secondsSince,
  statusCounts,
  withServer,
} from "./load_client.ts";

/** Valid reports of about `mib` MiB of JSON each, distinct ids (seeds 0..n-1). */
export function bigReportBodies(n: number, mib: number): string[] {
  const body = (seed: number, epochs: number) =>
    JSON.stringify(makeReport({ config: { seed, epochs: epochs - 1 }, loss: lossSeries(epochs) }));
  const target = mib * 1024 * 1024;
  let epochs = 10_000;
  for (let i = 0; i < 3; i++) epochs = Math.round(epochs * target / body(0, epochs).length);
  return Array.from({ length: n }, (_, seed) => body(seed, epochs));
}

function lossSeries(n: number): number[] {
  return Array.from({ length: n }, (_, t) => 1 / (1 + t) + 1e-7 * Math.sin(t));
}

/** `uploads`: N concurrent valid uploads of M MiB; returns the figure lines. */
export async function uploadsScenario(
  options: LoadOptions & { uploads: number; mib: number },
): Promise<string[]> {
  const bodies = bigReportBodies(options.uploads, options.mib);
  const mib = (bodies[0]!.length / 1048576).toFixed(1);
  return await withServer(options, async (server) => {
    const probe = startProbe(`${server.url}/`);
    const t0 = performance.now();
    const answers = await Promise.all(
      bodies.map((b) =>
        postJson(`${server.url}/api/reports`, b).catch(() => ({ status: 0, text: "" }))
      ),
    );
    const seconds = secondsSince(t0);
    const figures = await probe.stop();
    return [
      `${options.uploads} concurrent uploads of ${mib} MiB valid reports: ${
        statusCounts(answers.map((a) => a.status))
      } in ${seconds} s; server peak RSS ${server.peakRssMiB()?.toFixed(0)} MiB`,
      `GET / meanwhile: ${probeLine(figures)}`,
    ];
  });
}

/** `oversize`: N concurrent bodies of M MiB (JSON arrays of numbers), too large to store. */
export async function oversizeScenario(
  options: LoadOptions & { uploads: number; mib: number },
): Promise<string[]> {
  const item = "0.1234567890123,";
  const count = Math.floor(options.mib * 1048576 / item.length);
  const body = `[${item.repeat(count - 1)}0.1234567890123]`;
  return await withServer(options, async (server) => {
    const probe = startProbe(`${server.url}/`);
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from(
        { length: options.uploads },
        () => postJson(`${server.url}/api/reports`, body).catch(() => ({ status: 0, text: "" })),
      ),
    );
    const seconds = secondsSince(t0);
    const figures = await probe.stop();
    const first = answers.find((a) => a.status !== 0)?.text.slice(0, 160) ?? "";
    return [
      `${options.uploads} concurrent bodies of ${(body.length / 1048576).toFixed(1)} MiB: ${
        statusCounts(answers.map((a) => a.status))
      } in ${seconds} s (${first}); ` +
      `server peak RSS ${server.peakRssMiB()?.toFixed(0)} MiB`,
      `GET / meanwhile: ${probeLine(figures)}`,
    ];
  });
}
