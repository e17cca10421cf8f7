/**
 * Running an image the way a pod would, with buildah (chroot isolation): a working container per
 * pod, its host names, and `buildah run` command lines with the pod's environment and volumes.
 * Needs root and Debian's buildah.
 */

/** What an image runs by default. */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  user: string;
}

async function buildah(args: string[]): Promise<string> {
  const r = await new Deno.Command("buildah", { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder();
  if (!r.success) throw new Error(`buildah ${args.join(" ")}: ${text.decode(r.stderr).trim()}`);
  return text.decode(r.stdout).trim();
}

/** The entry point, default arguments and user of a local image. */
export async function imageConfig(image: string): Promise<ImageConfig> {
  const inspected = JSON.parse(await buildah(["inspect", "--type", "image", image])) as {
    OCIv1: { config?: { Entrypoint?: string[] | null; Cmd?: string[] | null; User?: string } };
  };
  const config = inspected.OCIv1.config ?? {};
  return { entrypoint: config.Entrypoint ?? [], cmd: config.Cmd ?? [], user: config.User ?? "" };
}

/**
 * A new working container `name` of the local `image` (never pulled), whose /etc/hosts maps each
 * of `hosts` (name to address), as a cluster's DNS maps a Service's name.
 */
export async function createContainer(
  image: string,
  name: string,
  hosts: Readonly<Record<string, string>> = {},
): Promise<string> {
  const addHosts = Object.entries(hosts).flatMap(([host, ip]) => ["--add-host", `${host}:${ip}`]);
  await buildah(["from", "--pull-never", "--quiet", "--name", name, ...addHosts, image]);
  return name;
}

/** Removes working containers (those that exist). */
export async function removeContainers(names: readonly string[]): Promise<void> {
  for (const name of names) await buildah(["rm", name]).catch(() => "");
}

/**
 * The arguments of `buildah run` that run `argv` in `container` with `env` set and each host
 * folder of `mounts` (container path to host path) bound at its path.
 *
 * @example runArgs("c", ["deno", "task", "serve"], { A: "1" }, { "/data": "/tmp/d" })
 * // ["run", "--isolation", "chroot", "--env", "A=1", "--volume", "/tmp/d:/data", "c", "--", "deno", ...]
 */
export function runArgs(
  container: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  mounts: Readonly<Record<string, string>>,
): string[] {
  return [
    "run",
    "--isolation",
    "chroot",
    ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ...Object.entries(mounts).flatMap(([path, host]) => ["--volume", `${host}:${path}`]),
    container,
    "--",
    ...argv,
  ];
}
