/**
 * A simulation report for a terminal: what would change, rule by rule and target by target, and
 * the sessions that would, grouped by how their decision moves. Scripts read `--json` instead.
 */
import { renderTable } from './table.js';
import { shortId, timestamp } from './when.js';
import type { SimulatedCall, SimulationReport } from '../../simulation/report.js';
import { targetText, transitionText } from '../../simulation/wording.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function who(call: SimulatedCall): string {
  const groups = call.who.groups.length > 0 ? `; ${call.who.groups.join(', ')}` : '';
  return `${call.who.name ?? call.who.subject} (${call.who.issuerId}${groups})`;
}

function callRows(calls: readonly SimulatedCall[]): string[][] {
  return calls.map((call) => [
    shortId(call.id),
    timestamp(call.at),
    who(call),
    targetText(call),
    `${call.current.effect} by ${call.current.ruleId}`,
    `${call.draft.effect} by ${call.draft.ruleId}${call.notes.length > 0 ? ' (see notes)' : ''}`,
  ]);
}

const CALL_HEADERS = ['id', 'when', 'who', 'target', 'now', 'draft'];

export function renderSimulationText(report: SimulationReport, currentName: string, draftName: string): string {
  const out: string[] = [];
  const { sessions } = report;
  out.push(
    `Policy simulation: ${draftName} (version ${report.draft.version.slice(0, 12)}) against ${currentName} (version ${report.current.version.slice(0, 12)})`,
    `Period: ${timestamp(report.period.from)} – ${timestamp(report.period.to)}; ${report.generator === null ? 'every generator and upstream' : `generator ${report.generator}`}`,
    `Sessions: ${sessions.total} recorded, ${sessions.replayed} replayed${sessions.refusedBeforePolicy > 0 ? ` (${sessions.refusedBeforePolicy} refused before policy was asked: nothing to replay)` : ''}`,
  );
  if (sessions.recordedDiffers > 0)
    out.push(
      `  ${plural(sessions.recordedDiffers, 'session')} the policy in force decides otherwise than the gateway did then (an earlier policy version)`,
    );
  if (sessions.derivedFacts > 0)
    out.push(
      `  ${plural(sessions.derivedFacts, 'session')} recorded before the gateway kept what inspection found: facts derived from the record`,
    );
  out.push('');
  if (report.changed === 0) {
    out.push(`Nothing would change: the draft decides every replayed session as the policy in force does.`);
  } else {
    out.push(`${plural(report.changed, 'session')} would be decided differently:`);
    const width = Math.max(...report.transitions.map((t) => transitionText(t).length));
    for (const transition of report.transitions) out.push(`  ${transitionText(transition).padEnd(width)}  ${transition.count}`);
  }
  if (report.sameEffectOtherRule > 0)
    out.push(`${plural(report.sameEffectOtherRule, 'more session')} would be decided the same way by another rule.`);
  const rules = report.rules.filter((rule) => rule.current !== rule.draft || rule.changedFrom + rule.changedTo > 0);
  if (rules.length > 0) {
    out.push('', 'By rule (sessions it decides now and under the draft; changed sessions moving away from it and to it):');
    out.push(
      indent(
        renderTable(
          ['rule', 'now', 'draft', 'away', 'to'],
          rules.map((rule) => [rule.ruleId, String(rule.current), String(rule.draft), String(rule.changedFrom), String(rule.changedTo)]),
        ),
      ),
    );
  }
  if (report.changed > 0) {
    out.push('By target:');
    out.push(
      indent(
        renderTable(
          ['target', 'replayed', 'changed'],
          report.targets
            .filter((target) => target.changed > 0)
            .map((target) => [
              `${target.kind} ${target.name}`,
              String(target.replayed),
              `${target.changed} (${Object.entries(target.transitions)
                .map(([transition, count]) => `${transition} ${count}`)
                .join(', ')})`,
            ]),
        ),
      ),
    );
    out.push('Sessions that would change:');
    for (const transition of report.transitions) {
      const calls = report.changes.filter((call) => call.current.effect === transition.from && call.draft.effect === transition.to);
      out.push(
        `  ${transitionText(transition)} (${transition.count}${calls.length < transition.count ? `, ${calls.length} listed` : ''}):`,
      );
      out.push(indent(renderTable(CALL_HEADERS, callRows(calls)), '    '));
    }
  }
  const noted = [...report.changes, ...report.uncertain].filter((call) => call.notes.length > 0);
  if (noted.length > 0) {
    out.push(
      `Notes (${plural(report.uncertainCount, 'unchanged session')} cannot be replayed with certainty${report.uncertainCount > 0 ? '; they are listed with --json' : ''}):`,
    );
    const byNote = new Map<string, string[]>();
    for (const call of noted) for (const note of call.notes) byNote.set(note, [...(byNote.get(note) ?? []), shortId(call.id)]);
    for (const [note, ids] of byNote)
      out.push(`  - ${note}: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ` and ${ids.length - 8} more` : ''}`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function indent(text: string, by = '  '): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n')
    .concat('\n');
}
