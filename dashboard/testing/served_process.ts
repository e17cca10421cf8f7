/**
 * `serve.ts` in a process of its own, as in production: the load scripts and the tests that need a
 * separate process (a descriptor limit, a crash, start-up lines) start it here. Its stdout and
 * stderr are kept as text; `peakRssMiB` reads the kernel's high-water mark of its memory.
 */

/** How to start the server. */
export interface ServedProcessOptions {
  /** The database file. */
  db: string;
  /** Bearer token (the server then takes writes from anyone who has it). */
  token?: string;
  /** Further `serve` flags. */
  args?: string[];
  /**
   * The program to run: a checkout's `main.ts` (run as `main.ts serve`, the default: this
   * checkout's) or an older checkout's `dashboard/serve.ts`, which served on its own.
   */
  servePath?: string;
  /** A shell line run before the server replaces the shell, e.g. `ulimit -n 256`. */
  shellPrefix?: string;
  /** Called with each line the server prints (stdout and stderr), as it prints it. */
  onLine?: (line: string) => void;
}

/** A running server process. */
export interface ServedProcess {
  url: string;
  pid: number;
  /** Everything printed so far, stdout and stderr interleaved by line. */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number>;
  /** Peak resident memory in MiB (VmHWM of /proc/PID/status), or null once it has exited. */
  peakRssMiB(): number | null;
  /** Stops the server (SIGTERM, then SIGKILL after `graceMs`, default 5 s) and waits for it. */
  shutdown(graceMs?: number): Promise<number>;
}

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  let rest = "";
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    const lines = (rest + decoder.decode(bytes, { stream: true })).split("\n");
    rest = lines.pop()!;
    lines.forEach(onLine);
  }
  if (rest !== "") onLine(rest);
}

/**
 * Starts `serve --port 0` on `options.db` and resolves once it prints its address; rejects with its
 * output if it exits first.
 */
export async function startServedProcess(options: ServedProcessOptions): Promise<ServedProcess> {
  const program = options.servePath ?? MAIN;
  const serve = [Deno.execPath(), "run", "-A", "--unstable-cron", program];
  if (program.endsWith("main.ts")) serve.push("serve");
  serve.push("--port", "0");
  serve.push("--db", options.db, ...(options.token ? ["--token", options.token] : []));
  serve.push(...(options.args ?? []));
  const quoted = serve.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const child = new Deno.Command("sh", {
    args: ["-c", `${options.shellPrefix ?? ":"} && exec ${quoted}`],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => listening = resolve);
  const onLine = (line: string) => {
    lines.push(line);
    options.onLine?.(line);
    const m = /dashboard on (http:\/\/\S+)/.exec(line);
    if (m !== null) listening(m[1]!);
  };
  const read = Promise.all([readLines(child.stdout, onLine), readLines(child.stderr, onLine)]);
  const exited = child.status.then(async (s) => {
    await read;
    return s.code;
  });
  const first = await Promise.race([url, exited.then((code) => ({ code }))]);
  if (typeof first !== "string") {
    throw new Error(`serve exited with code ${first.code} before listening:\n${lines.join("\n")}`);
  }
  return {
    url: first,
    pid: child.pid,
    output: () => lines.join("\n"),
    exited,
    peakRssMiB() {
      try {
        const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
        const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
        return kb === undefined ? null : Number(kb) / 1024;
      } catch {
        return null;
      }
    },
    async shutdown(graceMs = 5000) {
      const signal = (name: Deno.Signal) => {
        try {
          child.kill(name);
        } catch {
          // already gone
        }
      };
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
