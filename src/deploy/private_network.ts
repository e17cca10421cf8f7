/**
 * A private network namespace with nothing in it but loopback: commands run inside it through
 * `nsenter` reach each other on 127.0.0.1 and nothing else (no interface, no route). Held open by
 * a `sleep` started with `unshare --net`; closing it ends every process inside, which are all
 * ones this namespace's user started. Needs root, util-linux (unshare, nsenter) and iproute2.
 */

/** A private network and how to run commands in it. */
export interface PrivateNetwork {
  /** The argv prefix that runs a command inside: `nsenter --net=/proc/PID/ns/net --`. */
  prefix: string[];
  /** `ip -o link show` and `ip route show` inside, for the record. */
  describe(): Promise<{ links: string[]; routes: string[] }>;
  /** Ends every process inside (SIGTERM, then SIGKILL after `graceMs`), then the namespace; once. */
  close(graceMs?: number): Promise<void>;
}

async function netOf(pid: number | "self"): Promise<string | null> {
  try {
    return await Deno.readLink(`/proc/${pid}/ns/net`);
  } catch {
    return null; // the process ended, or is not ours to look at
  }
}

async function output(argv: string[]): Promise<string> {
  const r = await new Deno.Command(argv[0]!, { args: argv.slice(1), stderr: "piped" }).output();
  const text = new TextDecoder();
  if (!r.success) throw new Error(`${argv.join(" ")}: ${text.decode(r.stderr).trim()}`);
  return text.decode(r.stdout);
}

/** The pids of the processes in the network namespace `ns`, `except` left out. */
async function pidsIn(ns: string, except: number): Promise<number[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    if (pid !== except && await netOf(pid) === ns) pids.push(pid);
  }
  return pids;
}

const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** iproute2's `ip`, wherever Debian puts it (a PATH without sbin folders does not find it). */
async function ipCommand(): Promise<string> {
  for (const path of ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]) {
    if (await Deno.stat(path).then((s) => s.isFile, () => false)) return path;
  }
  return "ip";
}

/** Opens a private network namespace with loopback up. */
export async function openPrivateNetwork(): Promise<PrivateNetwork> {
  const holder = new Deno.Command("unshare", {
    args: ["--net", "--", "sleep", "infinity"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const host = await netOf("self");
  let ns: string | null = null;
  for (let i = 0; i < 100 && (ns === null || ns === host); i++) {
    await pause(20);
    ns = await netOf(holder.pid);
  }
  if (ns === null || ns === host) {
    holder.kill("SIGKILL");
    await holder.status;
    throw new Error("unshare --net did not give a network namespace of its own");
  }
  const namespace = ns;
  let closed = false;
  const prefix = ["nsenter", `--net=/proc/${holder.pid}/ns/net`, "--"];
  const ip = await ipCommand();
  await output([...prefix, ip, "link", "set", "lo", "up"]);
  return {
    prefix,
    async describe() {
      const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
      return {
        links: lines(await output([...prefix, ip, "-o", "link", "show"])),
        routes: lines(await output([...prefix, ip, "route", "show"])),
      };
    },
    async close(graceMs = 5000) {
      if (closed) return;
      closed = true;
      const signal = (pids: number[], sig: Deno.Signal) => {
        for (const pid of pids) {
          try {
            Deno.kill(pid, sig);
          } catch { /* already gone */ }
        }
      };
      signal(await pidsIn(namespace, holder.pid), "SIGTERM");
      const deadline = Date.now() + graceMs;
      let left = await pidsIn(namespace, holder.pid);
      while (left.length > 0 && Date.now() < deadline) {
        await pause(100);
        left = await pidsIn(namespace, holder.pid);
      }
      signal(left, "SIGKILL");
      holder.kill("SIGKILL");
      await holder.status;
    },
  };
}
