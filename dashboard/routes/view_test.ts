import assert from "node:assert/strict";
import { escapeHtml, fmt, html, jsonScript, raw } from "./view.ts";

Deno.test("html escapes interpolated text but not nested markup", () => {
  const name = `<b onclick="x">'&'</b>`;
  assert.equal(
    html`<td>${name}</td>${raw("<br>")}${[html`<i>${1}</i>`, null]}`.value,
    "<td>&#60;b onclick=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/b&#62;</td><br><i>1</i>",
  );
  assert.equal(escapeHtml("a<b"), "a&#60;b");
});

Deno.test("jsonScript() cannot be closed by the data it carries", () => {
  const out = jsonScript("c", { label: "</script><script>alert(1)</script>" }).value;
  assert.equal(out.match(/<\/script>/g)?.length, 1);
  const inner = out.slice(out.indexOf(">") + 1, out.lastIndexOf("<"));
  assert.deepEqual(JSON.parse(inner), { label: "</script><script>alert(1)</script>" });
});

Deno.test("fmt() shows four significant digits and a dash for missing values", () => {
  assert.equal(fmt(0.123456), "0.1235");
  assert.equal(fmt(12), "12");
  assert.equal(fmt(1.5e-7), "1.500e-7");
  assert.equal(fmt(null), "–");
  assert.equal(fmt(NaN), "–");
});
