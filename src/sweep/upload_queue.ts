/**
 * Uploads in the background while a sweep runs. After one upload has failed every retry, the rest
 * are not tried (they are counted as not sent) and left for `deno task upload`.
 */
import type { Report } from "../report/schema.ts";
import { postReports, type UploadTarget } from "../report/upload.ts";

/** Background uploads; after one upload fails every try, the rest are left for `deno task upload`. */
export class UploadQueue {
  sent = 0;
  failed = 0;
  #pending: Promise<void>[] = [];
  #down = false;
  constructor(
    readonly target: UploadTarget | null,
    readonly warn: (message: string) => void,
  ) {}

  /** Posts `reports` in the background; once the dashboard is down, counts them as not sent. */
  add(reports: Report[]): void {
    if (this.target === null) return;
    if (this.#down) {
      this.failed += reports.length;
      return;
    }
    const target = this.target;
    this.#pending.push(
      postReports(target, reports).then((result) => {
        if (result.ok) {
          this.sent += reports.length;
          return;
        }
        this.failed += reports.length;
        if (!this.#down) {
          this.warn(
            `upload to ${target.url} failed (${result.error}); the reports stay in the ` +
              "output folder: send them later with deno task upload",
          );
        }
        this.#down = true;
      }),
    );
  }

  /** Waits for every upload started. */
  async settle(): Promise<void> {
    await Promise.all(this.#pending);
  }
}
