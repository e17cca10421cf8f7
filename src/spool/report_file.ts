/**
 * A report file read as untrusted input: a report folder may be shared, copied or tampered with, so
 * `<id>.json` is read only when it is a regular file (directly or through a symlink) no larger than
 * MAX_REPORT_FILE_BYTES, and at most that many bytes are ever read. A FIFO (whose open would wait
 * for a writer), a device such as /dev/zero (endless), a folder or a huge file is refused with
 * the reason, before it is opened.
 */

/**
 * The largest report file read: twice the largest stored value (16 MiB of JSON,
 * src/report/bounded_json.ts), since reports are written indented.
 */
export const MAX_REPORT_FILE_BYTES = 32 * 1024 * 1024;

/** What reading a report file found: nothing, a reason it was not read, or its text. */
export type FileText =
  | { kind: "missing" }
  | { kind: "refused"; reason: string }
  | { kind: "text"; text: string };

/** What a non-regular file is, in words. */
export function fileKind(info: Deno.FileInfo): string {
  if (info.isDirectory) return "a folder";
  if (info.isFifo) return "a FIFO";
  if (info.isCharDevice) return "a character device";
  if (info.isBlockDevice) return "a block device";
  if (info.isSocket) return "a socket";
  if (info.isSymlink) return "a symlink";
  return "not a regular file";
}

async function statOf(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.stat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * The text of the report file at `path`, or why it was not read (a dangling symlink included).
 */
export async function readReportText(
  path: string,
  maxBytes = MAX_REPORT_FILE_BYTES,
): Promise<FileText> {
  let link: Deno.FileInfo;
  try {
    link = await Deno.lstat(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { kind: "missing" };
    throw e;
  }
  const info = link.isSymlink ? await statOf(path) : link;
  if (info === null) return { kind: "refused", reason: "a symlink to nothing" };
  const through = link.isSymlink ? "a symlink to " : "";
  if (!info.isFile) {
    return { kind: "refused", reason: `${through}${fileKind(info)}, not a regular file` };
  }
  if (info.size > maxBytes) {
    return {
      kind: "refused",
      reason: `${through}${info.size} bytes, over the ${maxBytes} a report file may hold`,
    };
  }
  using file = await Deno.open(path, { read: true });
  const bytes = new Uint8Array(info.size + 1);
  let length = 0;
  while (length < bytes.length) {
    const n = await file.read(bytes.subarray(length));
    if (n === null) break;
    length += n;
  }
  if (length > info.size) {
    return { kind: "refused", reason: `grew past its ${info.size} bytes while it was read` };
  }
  return { kind: "text", text: new TextDecoder().decode(bytes.subarray(0, length)) };
}
