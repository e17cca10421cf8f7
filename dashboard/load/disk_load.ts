/**
 * `full-disk` (as root): the database on a 3 MiB tmpfs beside a 1 MiB file, reports of about
 * 150 KB posted one at a time until 20 are refused, then the file removed and one more posted;
 * how they were answered and what the server logged.
 */
import { makeReport } from "../../src/testing/report_factory.ts";
import { startServedProcess } from "../testing/served_process.ts";
import { LOAD_TOKEN, type LoadOptions, postJson, statusCounts } from "./load_client.ts";

async function run(command: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command(command, { args, stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Runs the scenario; returns the figure lines. */
export async function fullDiskScenario(options: LoadOptions): Promise<string[]> {
  const mount = await Deno.makeTempDir({ prefix: "plbench-full-" });
  await run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mount);
  try {
    await Deno.writeFile(`${mount}/filler`, new Uint8Array(1024 * 1024));
    const server = await startServedProcess({
      db: `${mount}/d.db`,
      token: LOAD_TOKEN,
      servePath: options.servePath,
    });
    try {
      const loss = Array.from({ length: 2000 }, (_, t) => 1 / (1 + t));
      const statuses: number[] = [];
      let refusal = "";
      for (let seed = 0; statuses.filter((s) => s >= 500).length < 20 && seed < 200; seed++) {
        const body = JSON.stringify(makeReport({ config: { seed }, loss }));
        const answer = await postJson(`${server.url}/api/reports`, body);
        statuses.push(answer.status);
        if (answer.status >= 500) refusal = answer.text.slice(0, 140);
      }
      await Deno.remove(`${mount}/filler`);
      const body = JSON.stringify(makeReport({ config: { seed: 1000 }, loss }));
      const after = await postJson(`${server.url}/api/reports`, body);
      await server.shutdown();
      const log = server.output().split("\n").slice(4);
      return [
        `posts until 20 refused: ${statusCounts(statuses)}; refused with ${refusal}`,
        `after space returned: ${after.status}`,
        `server log: ${log.length} lines, ${log.filter((l) => /^\s+at /.test(l)).length} of ` +
        "them stack frames; its storage lines:",
        ...log.filter((l) => /storage|rollback|full/i.test(l)).slice(0, 4).map((l) => `  | ${l}`),
      ];
    } finally {
      await server.shutdown();
    }
  } finally {
    await run("umount", mount);
    await Deno.remove(mount, { recursive: true });
  }
}
