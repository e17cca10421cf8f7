/**
 * Host names as the dashboard's server and its command line read them: the loopback names, the
 * name in a `Host` header, and a name as `--allow-host` takes it.
 */

/** Host names that always reach a loopback server. */
export const LOOPBACK_NAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** Whether `host` (an address to listen on) only accepts local connections. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The host name of a `Host` header value or URL authority, lowercase, without the port
 * (`[::1]:8080` gives `[::1]`); null when it is not one.
 */
export function hostName(authority: string): string | null {
  const a = authority.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?$/.exec(a);
  return m === null ? null : m[1]!;
}

/** A host name as `--allow-host` and `hosts` take it: lowercase, IPv6 in brackets. */
export function normalHostName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.includes(":") && !n.startsWith("[") ? `[${n}]` : n;
}
