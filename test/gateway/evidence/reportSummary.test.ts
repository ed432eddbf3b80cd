/**
 * The evidence report's summary cards against the bundle they summarise, after real runs through
 * a real gateway: allowed, denied, and held ones that were approved (and ran), denied, or left
 * waiting. Every card on the page is checked, so a new card cannot go unchecked.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceBundle } from '../../../gateway/evidence/types.js';
import type { SignedDocument } from '../../../gateway/evidence/signedDocument.js';
import { ExitCode } from '../../../gateway/cli/exitCodes.js';
import { runCli } from '../../support/cli.js';
import { startHarness, type Harness } from '../../support/gatewayHarness.js';
import { cliAs, type CliAs } from '../cli/support.js';

interface Card {
  readonly figure: string;
  readonly label: string;
  readonly note: string | undefined;
}

function cardsOf(html: string): Map<string, Card> {
  const cards = new Map<string, Card>();
  const pattern =
    /<div class="card" data-testid="([^"]+)"><div class="figure">([^<]*)<\/div><div class="label">([^<]*)<\/div>(?:<div class="note">([^<]*)<\/div>)?<\/div>/g;
  for (const [, id = '', figure = '', label = '', note] of html.matchAll(pattern)) cards.set(id, { figure, label, note });
  return cards;
}

function countWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.filter(test).length;
}

describe('evidence report: summary cards', function () {
  this.timeout(90_000);
  let harness: Harness;
  let cli: CliAs;
  let bundle: EvidenceBundle;
  let cards: Map<string, Card>;

  async function request(month: string): Promise<string> {
    const run = await cli('bruno', ['run', 'customer-report', '--set', `month=${month}`, '--detach']);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    return run.stdout.trim();
  }

  before(async () => {
    harness = await startHarness();
    cli = cliAs(harness);
    assert.equal((await cli('ana', ['run', 'config-template', '--set', 'service=ledger'])).code, ExitCode.ok);
    assert.equal((await cli('ana', ['run', 'customer-report', '--set', 'month=maio'])).code, ExitCode.deniedByPolicy);
    const approved = await request('junho');
    const denied = await request('julho');
    await request('agosto');
    assert.equal((await cli('carla', ['approvals', 'decide', approved, '--approve', '--reason', 'monthly report'])).code, ExitCode.ok);
    assert.equal((await cli('bruno', ['wait', approved])).code, ExitCode.ok, 'the approved run executed');
    assert.equal((await cli('carla', ['approvals', 'decide', denied, '--deny', '--reason', 'not now'])).code, ExitCode.ok);

    const exported = await runCli(
      ['evidence', 'export', '--config', harness.policyPath, '--from', '1d', '--out', 'bundle.json', '--html', 'report.html'],
      { cwd: harness.dir },
    );
    assert.equal(exported.code, ExitCode.ok, exported.stderr);
    bundle = (JSON.parse(readFileSync(join(harness.dir, 'bundle.json'), 'utf8')) as SignedDocument<EvidenceBundle>).content;
    cards = cardsOf(readFileSync(join(harness.dir, 'report.html'), 'utf8'));
  });
  after(() => harness.stop());

  it('counts an approval that went on to execute as approved', () => {
    assert.deepEqual(cards.get('figure-held'), { figure: '3', label: 'held for approval', note: '1 approved, 1 denied, 1 not decided' });
  });

  it('shows on every card what the bundle holds', () => {
    const sessions = bundle.sessions;
    const decided = (type: string): number => countWhere(bundle.approvals, (approval) => approval.steps.some((step) => step.type === type));
    const approved = decided('approval.approved');
    const denied = decided('approval.denied');
    const undecided = bundle.approvals.length - approved - denied;
    const expected: Record<string, Card> = {
      'figure-sessions': {
        figure: String(sessions.length),
        label: 'sessions recorded',
        note: `${countWhere(sessions, (s) => s.kind === 'run')} generator runs, ${countWhere(sessions, (s) => s.kind === 'proxy')} raw calls`,
      },
      'figure-people': {
        figure: String(new Set(sessions.map((s) => `${s.principal.issuerId}:${s.principal.subject}`)).size),
        label: 'people and pipelines',
        note: undefined,
      },
      'figure-allowed': { figure: String(countWhere(sessions, (s) => s.decision.effect === 'allow')), label: 'allowed', note: undefined },
      'figure-denied': {
        figure: String(countWhere(sessions, (s) => s.decision.effect === 'deny')),
        label: 'denied by policy',
        note: undefined,
      },
      'figure-held': {
        figure: String(countWhere(sessions, (s) => s.decision.effect === 'approval')),
        label: 'held for approval',
        note: `${approved} approved, ${denied} denied${undecided > 0 ? `, ${undecided} not decided` : ''}`,
      },
      'figure-masked': {
        figure: String(bundle.maskingEvents.reduce((total, event) => total + event.count, 0)),
        label: 'personal values masked',
        note: `${new Set(bundle.maskingEvents.map((event) => event.detector)).size} kind(s) of data`,
      },
      'figure-policies': { figure: String(bundle.policyVersions.length), label: 'policy versions', note: undefined },
      'figure-audit': {
        figure: String(bundle.audit.entries.length),
        label: 'audit entries',
        note: bundle.chain.verification.ok ? 'chain verified' : 'chain NOT verified',
      },
    };
    assert.deepEqual([...cards.keys()].sort(), Object.keys(expected).sort(), 'every card on the page is checked here');
    for (const [id, card] of Object.entries(expected)) assert.deepEqual(cards.get(id), card, id);
    assert.equal(sessions.length, 5);
    assert.ok(bundle.maskingEvents.length > 0);
  });
});
