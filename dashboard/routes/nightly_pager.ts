/** The pages of `/nightly`: which nights one lists, and the links between them. */
import { type Html, html } from "./view.ts";

/** Which nights a page of `/nightly` lists: from `offset`, of `total`, `perPage` a page. */
export interface NightsWindow {
  offset: number;
  total: number;
  perPage: number;
}

/** The line above the nights: which are shown, of how many, links to newer and older. */
export function pager(w: NightsWindow, shown: number): Html {
  if (w.total <= shown && w.offset === 0) return html``;
  const newer = w.offset > 0
    ? html`
      · <a href="/nightly${w.offset - w.perPage > 0
        ? `?offset=${w.offset - w.perPage}`
        : ""}">newer nights</a>
    `
    : "";
  const older = w.offset + shown < w.total
    ? html`
      · <a href="/nightly?offset=${w.offset + shown}">older nights</a>
    `
    : "";
  return html`<p class="note">Nights ${w.offset + 1} to ${w.offset + shown} of ${w.total}, newest
    first${newer}${older}</p>`;
}
