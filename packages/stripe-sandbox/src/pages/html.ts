function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** Tagged template that escapes interpolations unless they are already-rendered `Html`. */
class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const rendered = Array.isArray(value)
      ? value.map((v) => (v instanceof Html ? v.value : escapeHtml(String(v)))).join("")
      : value instanceof Html
        ? value.value
        : value === null || value === undefined || value === false
          ? ""
          : escapeHtml(String(value));
    out += rendered + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:880px;margin:40px auto;display:flex;gap:40px;flex-wrap:wrap;padding:0 16px}
section{flex:1 1 340px;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px #0002}
label{display:block;font-size:14px;margin:12px 0 4px}
input[type=text],input[type=email]{width:100%;box-sizing:border-box;padding:8px;border:1px solid #ccd;border-radius:4px;font-size:16px}
fieldset{border:none;padding:0;margin:12px 0}
fieldset label{display:inline;margin-right:16px}
button{margin-top:16px;padding:10px 16px;border:0;border-radius:4px;background:#635bff;color:#fff;font-size:16px;cursor:pointer}
button.secondary{background:#e3e8ee;color:#1a1f36}
[role=alert]{background:#fde8e8;color:#a41c1c;padding:10px;border-radius:4px;margin:12px 0}
table{width:100%;border-collapse:collapse}td,th{padding:6px 0;text-align:left}.r{text-align:right}
dl div{display:flex;justify-content:space-between;padding:6px 0}dl{margin:0}dd{margin:0}
.banner{background:#ffde92;text-align:center;padding:4px;font-size:13px}
`;

/** Stripe's purple with an "S"; also served at /favicon.ico for responses that are not pages. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#635bff"/>' +
  '<text x="16" y="23" font-family="system-ui,sans-serif" font-size="20" font-weight="700" fill="#fff" text-anchor="middle">S</text></svg>';

// Inline, so a page needs no second request and works with the sandbox behind any public URL.
const FAVICON_HREF = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

/** A whole page; `script` is trusted inline JavaScript the sandbox wrote (embed data with `scriptData`). */
export function page(title: string, body: Html, script?: string): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/svg+xml" href="${FAVICON_HREF}">
<title>${title}</title><style>${new Html(STYLE)}</style></head>
<body><div class="banner">Stripe sandbox (test mode, offline)</div>${body}${script ? new Html(`<script>${script}</script>`) : ""}</body></html>`.value;
}

/** A Unix time as the day it falls on (UTC), "" when unset. */
export function isoDate(unix: number | null | undefined): string {
  return unix ? new Date(unix * 1000).toISOString().slice(0, 10) : "";
}

/** JSON safe inside an inline <script>: no `</script>` or `<!--` can end it early. */
export function scriptData(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The card inputs Stripe's hosted pages show, labelled as there (tests and buyers find them by label). */
export function cardFields(): Html {
  return html`<label for="cardNumber">Card number</label>
      <input type="text" id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">
      <label for="cardExpiry">Expiration</label>
      <input type="text" id="cardExpiry" name="cardExpiry" autocomplete="cc-exp" placeholder="MM / YY">
      <label for="cardCvc">CVC</label>
      <input type="text" id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC">`;
}
