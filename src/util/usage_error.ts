/**
 * The error for bad input given by the user (flags, grid values, shard): the CLI prints its message
 * on one line and exits with code 2, before any training starts.
 */

/** Bad user input; `main()` maps it to exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
