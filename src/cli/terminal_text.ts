/**
 * Text that came from reports (a failed run's error, a decay verdict's reason, config values, a
 * dashboard's answer) printed on a terminal: every control character that a terminal would act on
 * is shown as a visible escape instead, so a report cannot retitle the terminal, move the cursor,
 * hide a line or reverse the text around it.
 */

/**
 * C0 controls other than tab and newline, DEL, C1 controls, and the bidirectional formatting
 * characters (embeddings, overrides, isolates, marks).
 */
const CONTROL =
  // deno-lint-ignore no-control-regex -- control characters are what this escapes
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with each control character replaced by its escape (`\x1b`, `\u202e`); newlines and tabs
 * are kept, so a block of several lines stays one.
 *
 * @example terminalSafe("boom\x1b]0;owned\x07") // "boom\\x1b]0;owned\\x07"
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
