/**
 * The HTTP server behind its connection gate: `Deno.serve` on a local socket in a private temporary
 * folder, and the gate (connection_gate.ts) on the TCP address, with the connection cap read from
 * the process's open-file limit at start. Should the HTTP server stop accepting all the same (its
 * accept failing for want of a descriptor ends it), it is started again on a new socket and the
 * gate passes new connections there: the process never exits for it.
 */
import { connectionCap, openFilesLimit } from "./descriptor_limit.ts";
import { type Gate, GATE_TIMEOUTS, startGate } from "./connection_gate.ts";

/** A gated server that listens. */
export interface GatedServer {
  /** The address the gate listens on, as a URL (`http://127.0.0.1:8080`). */
  url: string;
  gate: Gate;
  /** The open-file limit read at start (null: unknown) and the connection cap. */
  openFiles: number | null;
  maxConnections: number;
  /** Resolves when the HTTP server has stopped for good (`shutdown`). */
  finished: Promise<void>;
  /** Closes the gate and its connections, then stops the HTTP server. */
  shutdown(): Promise<void>;
}

/** How to serve: where, with what cap (default: from the open-file limit), logging where. */
export interface GatedOptions {
  hostname: string;
  port: number;
  maxConnections?: number;
  log?: (line: string) => void;
}

/** Serves `handler` on `hostname:port` through a gate. */
export function serveGated(
  handler: (request: Request) => Response | Promise<Response>,
  options: GatedOptions,
): GatedServer {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = Deno.makeTempDirSync({ prefix: "plbench-serve-" });
  Deno.chmodSync(dir, 0o700);
  let generation = 0;
  let stopping = false;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => done = resolve);
  let server: Deno.HttpServer<Deno.UnixAddr>;
  let gate: Gate | null = null;
  const start = (): string => {
    const path = `${dir}/http-${generation++}.sock`;
    server = Deno.serve({ path, onListen: () => {} }, handler);
    server.finished.then(() => {}, (e) => {
      if (stopping) return;
      log(`http: the server stopped accepting (${(e as Error).message}); starting it again`);
      const restart = () => {
        try {
          gate?.setBackend(start());
        } catch (again) {
          log(`http: cannot start it yet (${(again as Error).message}); trying again in 1 s`);
          setTimeout(restart, 1000);
        }
      };
      restart();
    });
    return path;
  };
  const backendPath = start();
  const openFiles = openFilesLimit();
  const maxConnections = options.maxConnections ?? connectionCap(openFiles);
  try {
    gate = startGate({
      hostname: options.hostname,
      port: options.port,
      backendPath,
      limits: { maxConnections, ...GATE_TIMEOUTS },
      openFiles,
      log,
    });
  } catch (e) {
    stopping = true;
    void server!.shutdown();
    Deno.removeSync(dir, { recursive: true });
    throw e;
  }
  const { hostname, port } = gate.addr;
  return {
    url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
    gate,
    openFiles,
    maxConnections,
    finished,
    async shutdown() {
      stopping = true;
      gate!.close();
      await server.shutdown().catch(() => {});
      await server.finished.catch(() => {});
      Deno.removeSync(dir, { recursive: true });
      done();
    },
  };
}
