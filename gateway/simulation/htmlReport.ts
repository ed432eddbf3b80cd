/**
 * A policy simulation as one self-contained HTML page (no script, no external asset, a strict
 * CSP) for whoever reviews a draft policy without a terminal: what would change, by transition,
 * rule and target, and every session that would, with the notes where the record cannot settle it.
 */
import { escapeHtml } from '../html.js';
import type { SimulatedCall, SimulationReport } from './report.js';
import { targetText, transitionText } from './wording.js';

function rows(id: string, headers: readonly string[], cells: readonly (readonly string[])[], empty: string): string {
  if (cells.length === 0) return `<p class="none" id="${id}">${escapeHtml(empty)}</p>`;
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function who(call: SimulatedCall): string {
  const groups = call.who.groups.length > 0 ? `; ${call.who.groups.join(', ')}` : '';
  return `${call.who.name ?? call.who.subject} (${call.who.kind}, ${call.who.issuerId}${groups})`;
}

function callCells(calls: readonly SimulatedCall[]): string[][] {
  return calls.map((call) => [
    call.id,
    call.at,
    who(call),
    targetText(call),
    `${call.current.effect} by ${call.current.ruleId}`,
    `${call.draft.effect} by ${call.draft.ruleId}`,
    call.notes.join(' '),
  ]);
}

const CALL_HEADERS = ['session', 'when', 'who', 'target', 'now', 'draft', 'notes'];

const STYLE = `
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #1b1f24; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #d0d7de; }
.verdict { font-weight: 600; padding: 8px 12px; border-radius: 6px; background: #dafbe1; }
.verdict.changes { background: #fff1e5; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
th { background: #f6f8fa; }
.none { color: #57606a; font-style: italic; }
@media print { tr { break-inside: avoid; } thead { display: table-header-group; } }
`;

export function renderSimulationHtml(report: SimulationReport, currentName: string, draftName: string): string {
  const { sessions } = report;
  const verdict =
    report.changed === 0
      ? 'Nothing would change: the draft decides every replayed session as the policy in force does.'
      : `${report.changed} session${report.changed === 1 ? '' : 's'} would be decided differently.`;
  const scope = report.generator === null ? 'every generator and upstream' : `generator ${report.generator}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="AutoGen Gate">
<title>Policy simulation: ${escapeHtml(draftName)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Policy simulation: ${escapeHtml(draftName)}</h1>
<p>Draft version <code>${escapeHtml(report.draft.version)}</code> against ${escapeHtml(currentName)} (version <code>${escapeHtml(report.current.version)}</code>), over ${escapeHtml(report.period.from)} to ${escapeHtml(report.period.to)}, ${escapeHtml(scope)}. Generated ${escapeHtml(report.generatedAt)}.</p>
<p>${sessions.total} sessions recorded, ${sessions.replayed} replayed, ${sessions.refusedBeforePolicy} refused before policy was asked; ${sessions.recordedDiffers} decided otherwise by the policy in force than at the time; ${sessions.derivedFacts} recorded before inspection facts were kept.</p>
<p class="verdict${report.changed > 0 ? ' changes' : ''}" id="verdict">${escapeHtml(verdict)}</p>
<h2>What would change</h2>
${rows(
  'transitions',
  ['change', 'sessions'],
  report.transitions.map((t) => [transitionText(t), String(t.count)]),
  'No decision would change.',
)}
<h2>By rule</h2>
${rows(
  'rules',
  ['rule', 'decides now', 'decides under the draft', 'changed sessions moving away', 'changed sessions moving to it'],
  report.rules.map((r) => [r.ruleId, String(r.current), String(r.draft), String(r.changedFrom), String(r.changedTo)]),
  'No session was replayed.',
)}
<h2>By generator or upstream</h2>
${rows(
  'targets',
  ['target', 'replayed', 'changed', 'how'],
  report.targets.map((t) => [
    `${t.kind} ${t.name}`,
    String(t.replayed),
    String(t.changed),
    Object.entries(t.transitions)
      .map(([transition, count]) => `${transition} ${count}`)
      .join(', '),
  ]),
  'No session was replayed.',
)}
<h2>Sessions that would change</h2>
${rows('changes', CALL_HEADERS, callCells(report.changes), 'None.')}
<h2>Unchanged sessions the record cannot settle</h2>
${rows('uncertain', CALL_HEADERS, callCells(report.uncertain), 'None.')}
</main>
</body>
</html>
`;
}
