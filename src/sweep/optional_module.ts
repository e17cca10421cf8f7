/**
 * Loading a module that a build of plbench may not have yet (by a computed specifier, so a missing
 * file is a null at run time rather than a failed type check).
 */

/** Imports `relative` (resolved against `base`), or returns null when that file does not exist. */
export async function importOptional<T>(relative: string, base: string): Promise<T | null> {
  const url = new URL(relative, base);
  try {
    await Deno.stat(url);
  } catch {
    return null;
  }
  return await import(url.href) as T;
}
