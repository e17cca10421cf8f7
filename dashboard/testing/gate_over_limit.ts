/**
 * A gated plain HTTP server for the descriptor test (run it under a low `ulimit -n`): its cap is
 * far above what the limit allows, so only the gate's descriptor watch, its accept loop and the
 * server's restart stand between it and the limit. Prints `listening on PORT`, then the gate's log lines;
 * reads commands on stdin: `hog` opens /dev/null until no descriptor is left (as another part of
 * the process might), `free` closes those again.
 */
import { serveGated } from "../net/gated_server.ts";

const gated = serveGated(() => new Response("ok"), {
  hostname: "127.0.0.1",
  port: 0,
  maxConnections: 100_000,
  log: (line) => console.log(line),
});
console.log(`listening on ${gated.gate.addr.port}`);
Deno.addSignalListener("SIGTERM", () => void gated.shutdown().then(() => Deno.exit(0)));
const hogs: Deno.FsFile[] = [];
for await (const line of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  if (line.includes("hog")) {
    try {
      for (;;) hogs.push(Deno.openSync("/dev/null"));
    } catch {
      console.log(`hogging ${hogs.length} descriptors`);
    }
  }
  if (line.includes("free")) {
    for (const f of hogs.splice(0)) f.close();
    console.log("freed");
  }
}
