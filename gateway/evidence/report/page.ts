/**
 * The pieces every self-contained report page shares (the evidence report, the processing
 * register): the style sheet (screen and A4 print), figure cards, tables, times in UTC, and the
 * page shell with its strict CSP and the signed document embedded for offline verification.
 */
import { canonicalJson } from '../../audit/canonical.js';
import { escapeHtml } from '../../html.js';

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function card(label: string, value: string | number, testId: string, note?: string): string {
  return `<div class="card" data-testid="${testId}"><div class="figure">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div>${note ? `<div class="note">${escapeHtml(note)}</div>` : ''}</div>`;
}

export function table(id: string, headers: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">${escapeHtml(empty)}</p>`;
  return `<table id="${id}"><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 16px; }
.status { display: inline-block; padding: 4px 10px; border-radius: 12px; font-weight: 600; }
.status.ok { background: #dafbe1; color: var(--ok); } .status.bad { background: #ffebe9; color: var(--bad); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--soft); }
.card .figure { font-size: 24px; font-weight: 700; } .card .label { color: var(--muted); } .card .note { font-size: 12px; color: var(--muted); }
figure { margin: 12px 0 20px; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #e6e8eb; } svg .axis { stroke: #8c959f; } svg text { font-size: 11px; fill: #57606a; } svg .legend-item text { font-size: 12px; fill: #1b1f24; } svg .unit { font-size: 11px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 8px 0 16px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
.empty { color: var(--muted); font-style: italic; }
.principal, td:first-child { white-space: nowrap; word-break: normal; }
.callout { border-left: 4px solid #0072B2; background: #eef6fc; padding: 10px 14px; margin: 12px 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11px; } main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } figure, tr, .card, dl.facts { break-inside: avoid; }
  thead { display: table-header-group; }
  .screen-only { display: none; }
}
`;

/**
 * The whole page: `body` inside <main>, and the signed document embedded as JSON (browsers never
 * run `application/json` scripts), so `autogen-gate … verify PAGE.html` checks the page itself.
 */
export function reportPage(title: string, body: string, signed: unknown, extraStyle = ''): string {
  // `<` escaped so the JSON can never close the script element; JSON.parse undoes it.
  const embedded = canonicalJson(signed).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="AutoGen Gate">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="autogen-gate-evidence">${embedded}</script>
</body>
</html>
`;
}
