/**
 * `connections`: the server under `ulimit -n LIMIT` and N connections opened at once and left idle
 * (one of them, opened first, keeps making requests): whether the server is still up, how the
 * connections were answered, and whether the first one is still served.
 */
import { type LoadOptions, withServer } from "./load_client.ts";

const GET = new TextEncoder().encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

async function firstBytes(conn: Deno.Conn, ms: number): Promise<string> {
  const buffer = new Uint8Array(4096);
  const n = await Promise.race([
    conn.read(buffer).catch(() => null),
    new Promise<"late">((r) => setTimeout(() => r("late"), ms)),
  ]);
  if (n === "late") return "no answer";
  if (n === null) return "closed";
  return new TextDecoder().decode(buffer.subarray(0, n)).split("\r\n")[0]!;
}

/** Runs the scenario; returns the figure lines. */
export async function connectionsScenario(
  options: LoadOptions & { limit: number; connections: number },
): Promise<string[]> {
  return await withServer({ ...options, shellPrefix: `ulimit -n ${options.limit}` }, async (s) => {
    const port = Number(new URL(s.url).port);
    const first = await Deno.connect({ hostname: "127.0.0.1", port });
    await first.write(GET);
    const before = await firstBytes(first, 5000);
    const conns: Deno.Conn[] = [];
    let failed = "";
    for (let i = 0; i < options.connections && failed === ""; i++) {
      try {
        conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
      } catch (e) {
        failed = ` (connecting failed after ${i}: ${(e as Error).message})`;
      }
    }
    const answers = new Map<string, number>();
    for (const line of await Promise.all(conns.map((c) => firstBytes(c, 3000)))) {
      answers.set(line, (answers.get(line) ?? 0) + 1);
    }
    const exit = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r(null), 500))]);
    await first.write(GET).catch(() => {});
    const after = await firstBytes(first, 5000);
    for (const c of [first, ...conns]) {
      try {
        c.close();
      } catch {
        // closed by the server
      }
    }
    const last = s.output().split("\n").filter((l) => /error|connections:/i.test(l)).slice(-2);
    return [
      `ulimit -n ${options.limit}, ${conns.length} connections opened${failed}: ` +
      [...answers].map(([a, n]) => `${n} x ${a}`).join(", "),
      `server ${exit === null ? "up" : `exited with code ${exit}`}; a connection opened before: ` +
      `${before}, then ${after}`,
      ...last.map((l) => `  | ${l.slice(0, 160)}`),
    ];
  });
}
