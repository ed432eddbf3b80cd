/**
 * Evidence bundles: exported from a real store, signed, verified offline; any changed byte, a
 * foreign key, or content that does not add up fails with a reason that says which.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, generateKeyPair } from 'jose';
import { canonicalJson } from '../../../gateway/audit/canonical.js';
import { BUNDLE_FORMAT, MANIFEST_TYP, signDocument, type SignedDocument } from '../../../gateway/evidence/signedDocument.js';
import { ephemeralSigner } from '../../../gateway/evidence/signingKey.js';
import type { EvidenceBundle } from '../../../gateway/evidence/types.js';
import { verifyBundleText } from '../../../gateway/evidence/verifyBundle.js';
import { cli, openTestGateway, type TestGateway } from './support.js';

const CPF = '529.982.247-25';
const NAME = 'Maria Souza';

/** Appends the audit entries the approvals service writes for one approved, executed run. */
async function approvalStory(gateway: TestGateway, sessionId: string): Promise<void> {
  const steps: Array<{ type: string; actor: string; data: Record<string, unknown> }> = [
    {
      type: 'approval.requested',
      actor: 'dev:bruno',
      data: { approvalId: 'ap-1', generator: 'customer-report', ruleId: 'engineers-report' },
    },
    { type: 'approval.refused', actor: 'dev:bruno', data: { approvalId: 'ap-1', action: 'decide', code: 'own_request' } },
    {
      type: 'approval.vote_recorded',
      actor: 'dev:carla',
      data: { approvalId: 'ap-1', decision: 'approve', reason: 'Monthly collections, purpose checked.' },
    },
    { type: 'approval.approved', actor: 'dev:carla', data: { approvalId: 'ap-1', approvedBy: ['dev:carla'] } },
    { type: 'approval.execution_started', actor: 'gateway', data: { approvalId: 'ap-1' } },
    { type: 'approval.executed', actor: 'gateway', data: { approvalId: 'ap-1', runStatus: 'succeeded' } },
  ];
  for (const step of steps) {
    gateway.clock.advance(1000);
    await gateway.context.store.transact((tx) => tx.appendAudit({ ...step, sessionId }));
  }
}

async function populate(gateway: TestGateway): Promise<{ approved: string; denied: string }> {
  let approved = '';
  let denied = '';
  for (let i = 0; i < 24; i++) {
    gateway.clock.advance(3 * 3_600_000);
    if (i % 6 === 5) denied = await gateway.run({ user: 'ana', effect: 'deny' });
    else if (i % 3 === 0) await gateway.run({ generator: 'config-template', user: 'ana', result: 'service: api' });
    else {
      const id = await gateway.run({ result: `Cliente ${NAME}, CPF ${CPF}, e-mail maria.souza@exemplo.com.br, telefone (11) 98765-4321.` });
      if (i === 4) {
        approved = id;
        await approvalStory(gateway, id);
      }
    }
  }
  return { approved, denied };
}

/** Changes the character at `index` to another of the same class (digit for digit, letter for letter). */
function flip(text: string, index: number): string {
  const c = text[index] ?? '';
  const replacement = /[0-9]/.test(c)
    ? String((Number(c) + 1) % 10)
    : /[a-y]/i.test(c)
      ? String.fromCharCode(c.charCodeAt(0) + 1)
      : /[zZ]/.test(c)
        ? 'a'
        : c === 'x'
          ? 'y'
          : 'x';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('evidence bundles', function () {
  this.timeout(120_000);
  let gateway: TestGateway;
  let ids: { approved: string; denied: string };
  let bundlePath: string;
  let text: string;

  before(async () => {
    gateway = await openTestGateway();
    ids = await populate(gateway);
    bundlePath = join(gateway.dir, 'bundle.json');
    const exported = await cli(
      ['evidence', 'export', '--from', '2026-01-05', '--to', '2026-01-10', '--out', 'bundle.json', '--html', 'report.html'],
      gateway.dir,
    );
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(
      exported.stdout,
      /Wrote .*bundle\.json\n {2}period 2026-01-05T00:00:00\.000Z – 2026-01-10T00:00:00\.000Z: 24 session\(s\), 48 masking event\(s\), 1 approval\(s\), 51 audit entries/,
    );
    text = readFileSync(bundlePath, 'utf8');
  });
  after(async () => {
    await gateway.close();
  });

  it('verifies offline with the gateway keys, and with a JWKS file handed over with it', async () => {
    const result = await cli(['evidence', 'verify', 'bundle.json'], gateway.dir);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /bundle\.json: VERIFIED/);
    assert.match(result.stdout, /51 audit entries \(1–51, linked\)/);
    assert.equal((await cli(['evidence', 'keys', '--out', 'jwks.json'], gateway.dir)).code, 0);
    const elsewhere = await cli(['evidence', 'verify', bundlePath, '--jwks', join(gateway.dir, 'jwks.json')], '/');
    assert.equal(elsewhere.code, 0, elsewhere.stdout + elsewhere.stderr);
    const report = await cli(['evidence', 'verify', 'report.html'], gateway.dir);
    assert.equal(report.code, 0, report.stdout);
  });

  it('holds sessions, decisions, approvals, masking events (HMACs only), policy versions and the chain head', async () => {
    const document = JSON.parse(text) as SignedDocument<EvidenceBundle>;
    const bundle = document.content;
    assert.equal(document.format, BUNDLE_FORMAT);
    assert.equal(bundle.sessions.length, 24);
    assert.deepEqual(bundle.summary.decisions, { allow: 20, deny: 4 });
    const denied = bundle.sessions.find((s) => s.id === ids.denied);
    assert.deepEqual(denied?.decision, { effect: 'deny', ruleId: 'nobody-else', policyVersion: gateway.config.source.version });
    assert.equal(bundle.policyVersions.length, 1);
    assert.equal(bundle.policyVersions[0]?.version, gateway.config.source.version);
    assert.deepEqual(
      bundle.policyVersions[0]?.rules?.map((r) => r.id),
      ['engineers-report', 'developers-template', 'nobody-else'],
    );
    assert.deepEqual(bundle.summary.maskedByDetector, { cpf: 12, email: 12, name: 12, phone: 12 });
    assert.equal(bundle.maskingEvents.length, 48);
    for (const event of bundle.maskingEvents) assert.match(event.hmac, /^[0-9a-f]{64}$/);
    // Never an original: not the CPF (any formatting), not the e-mail, not the name.
    for (const secret of [CPF, CPF.replace(/\D/g, ''), 'maria.souza@exemplo.com.br', NAME, '98765-4321'])
      assert.equal(text.includes(secret), false, `${secret} is in the bundle`);
    const approval = bundle.approvals[0];
    assert.equal(approval?.approvalId, 'ap-1');
    assert.equal(approval?.sessionId, ids.approved);
    assert.equal(approval?.status, 'executed');
    assert.equal(approval?.requester, 'dev:bruno');
    assert.deepEqual(approval?.decidedBy, ['dev:carla']);
    assert.equal(approval?.reason, 'Monthly collections, purpose checked.');
    assert.deepEqual(
      approval?.steps.map((s) => s.type),
      [
        'approval.requested',
        'approval.refused',
        'approval.vote_recorded',
        'approval.approved',
        'approval.execution_started',
        'approval.executed',
      ],
    );
    assert.equal(bundle.audit.contiguous, true);
    assert.deepEqual(bundle.audit.startsAfter, { seq: 0, hash: '0'.repeat(64) });
    assert.equal(bundle.chain.head?.seq, 51);
    assert.equal(bundle.chain.verification.ok, true);
    assert.equal(bundle.sessions[0]?.payloads.response?.body, 'stored');
  });

  it('records each export in the audit log with the bundle id and digest', async () => {
    const document = JSON.parse(text) as SignedDocument<EvidenceBundle>;
    const entries = await gateway.context.store.readAudit(51, 10);
    const exported = entries.find((entry) => entry.type === 'evidence.exported');
    assert.ok(exported);
    assert.equal(exported.actor, 'cli:privacy-officer');
    assert.equal(exported.data['digest'], (await import('../../../gateway/evidence/signedDocument.js')).contentDigest(document.content));
    assert.deepEqual(exported.data['head'], document.content.chain.head);
  });

  it('fails when any byte is changed, saying whether the signature or the content was touched', async () => {
    const keys = gateway.context.trusted;
    const contentStart = text.indexOf('{"content":') + '{"content":'.length;
    const contentEnd = text.indexOf(',"format":"');
    const signatureStart = text.indexOf('"signature":"') + '"signature":"'.length;
    const signatureEnd = text.lastIndexOf('"}');
    assert.ok(contentStart > 0 && contentEnd > contentStart && signatureStart > contentEnd && signatureEnd > signatureStart);
    const positions = new Set<number>();
    for (let i = 0; i < text.length - 1; i += Math.max(1, Math.floor(text.length / 400))) positions.add(i);
    // The whole signature, its last characters most of all (base64url has spare bits there).
    for (let i = signatureStart; i < signatureEnd; i += 3) positions.add(i);
    for (let i = signatureEnd - 4; i < signatureEnd; i++) positions.add(i);
    const codes = new Map<string, number>();
    for (const index of positions) {
      const changed = flip(text, index);
      if (changed === text) continue;
      const result = await verifyBundleText(changed, keys);
      assert.equal(result.ok, false, `changing byte ${index} (${JSON.stringify(text.slice(index - 10, index + 10))}) went unnoticed`);
      const code = result.document.problems[0]?.code ?? 'none';
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const where = JSON.stringify(text.slice(index - 15, index + 15));
      if (index >= contentStart && index < contentEnd)
        assert.ok(['tampered_payload', 'malformed'].includes(code), `content byte ${index} ${where}: ${code}`);
      else if (index >= signatureStart && index < signatureEnd)
        assert.ok(['bad_signature', 'malformed_signature', 'unknown_key'].includes(code), `signature byte ${index} ${where}: ${code}`);
    }
    assert.ok((codes.get('tampered_payload') ?? 0) > 200, JSON.stringify([...codes]));
    assert.ok((codes.get('bad_signature') ?? 0) > 5, JSON.stringify([...codes]));
  });

  it('names a tampered payload and a bad signature through the CLI', async () => {
    const document = JSON.parse(text) as SignedDocument<EvidenceBundle>;
    const denied = document.content.sessions.find((s) => s.id === ids.denied);
    assert.ok(denied);
    const edited = text.replace(`"effect":"deny","policyVersion"`, `"effect":"allow","policyVersion"`);
    assert.notEqual(edited, text);
    writeFileSync(join(gateway.dir, 'edited.json'), edited);
    const tampered = await cli(['evidence', 'verify', 'edited.json'], gateway.dir);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, /edited\.json: NOT VERIFIED/);
    assert.match(
      tampered.stdout,
      /tampered_payload: the content was changed after signing: its SHA-256 is [0-9a-f]{64}, the signature covers [0-9a-f]{64}/,
    );
    // The content checks still say what no longer adds up.
    assert.match(
      tampered.stdout,
      /records_mismatch: session .* was edited after it was recorded: decision is "allow" in the session record but "deny" in the chain/,
    );
    assert.match(tampered.stdout, /summary_mismatch: summary\.decisions says/);

    const parts = document.signature.split('.');
    const resigned = { ...document, signature: `${parts[0]}.${parts[1]}.${flip(parts[2] ?? '', 10)}` };
    writeFileSync(join(gateway.dir, 'badsig.json'), `${canonicalJson(resigned)}\n`);
    const badSignature = await cli(['evidence', 'verify', 'badsig.json'], gateway.dir);
    assert.equal(badSignature.code, 1);
    assert.match(badSignature.stdout, /bad_signature: the signature does not match key /);
  });

  it('fails a bundle signed by another key, naming the unknown key; and another key posing under the real key id', async () => {
    const document = JSON.parse(text) as SignedDocument<EvidenceBundle>;
    const intruder = await ephemeralSigner();
    const foreign = await signDocument(intruder, BUNDLE_FORMAT, document.content, 'https://gate.example.test', new Date());
    const unknown = await verifyBundleText(foreign.text, gateway.context.trusted);
    assert.equal(unknown.ok, false);
    assert.equal(unknown.document.problems[0]?.code, 'unknown_key');
    assert.match(
      unknown.document.problems[0]?.message ?? '',
      new RegExp(`signed by key ${intruder.kid}, which is not among the trusted keys \\(${gateway.context.signer.kid}\\)`),
    );

    const { privateKey } = await generateKeyPair('ES256');
    const manifest = JSON.parse(Buffer.from(document.signature.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    const posing = await new CompactSign(new TextEncoder().encode(canonicalJson(manifest)))
      .setProtectedHeader({ alg: 'ES256', kid: gateway.context.signer.kid, typ: MANIFEST_TYP })
      .sign(privateKey);
    const impostor = await verifyBundleText(`${canonicalJson({ ...document, signature: posing })}\n`, gateway.context.trusted);
    assert.equal(impostor.ok, false);
    assert.equal(impostor.document.problems[0]?.code, 'bad_signature');
  });

  it('fails a re-formatted file, while saying the content itself is intact', async () => {
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    const result = await verifyBundleText(pretty, gateway.context.trusted);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.document.problems.map((p) => p.code),
      ['reformatted'],
    );
    assert.equal(result.problems.length, 0);
  });

  it('checks the content against itself, even when the key signed it (a gap in the chain, a dangling event, wrong figures)', async () => {
    const document = JSON.parse(text) as SignedDocument<EvidenceBundle>;
    const resign = async (content: EvidenceBundle): Promise<string> =>
      (await signDocument(gateway.context.signer, BUNDLE_FORMAT, content, 'https://gate.example.test', new Date())).text;
    const entries = document.content.audit.entries;

    const gap = await verifyBundleText(
      await resign({ ...document.content, audit: { ...document.content.audit, entries: entries.filter((e) => e.seq !== 30) } }),
      gateway.context.trusted,
    );
    assert.equal(gap.document.ok, true);
    assert.equal(gap.ok, false);
    assert.ok(
      gap.problems.some((p) => p.code === 'chain_gap' && /entry 30 was deleted/.test(p.message)),
      JSON.stringify(gap.problems),
    );

    const dangling = await verifyBundleText(
      await resign({
        ...document.content,
        maskingEvents: [...document.content.maskingEvents, { ...document.content.maskingEvents[0]!, sessionId: 'no-such-session' }],
      }),
      gateway.context.trusted,
    );
    assert.ok(
      dangling.problems.some((p) => p.code === 'dangling_reference'),
      JSON.stringify(dangling.problems),
    );
    assert.ok(dangling.problems.some((p) => p.code === 'summary_mismatch' && /summary\.maskedValues says 48/.test(p.message)));

    const head = await verifyBundleText(
      await resign({ ...document.content, chain: { ...document.content.chain, head: { seq: 51, hash: 'a'.repeat(64) } } }),
      gateway.context.trusted,
    );
    assert.ok(
      head.problems.some((p) => p.code === 'head_mismatch'),
      JSON.stringify(head.problems),
    );
  });

  it('exports one session: its own entries and events only', async () => {
    const result = await cli(['evidence', 'export', '--session', ids.approved, '--out', 'session.json'], gateway.dir);
    assert.equal(result.code, 0, result.stderr);
    const bundle = (JSON.parse(readFileSync(join(gateway.dir, 'session.json'), 'utf8')) as SignedDocument<EvidenceBundle>).content;
    assert.equal(bundle.scope, 'session');
    assert.deepEqual(
      bundle.sessions.map((s) => s.id),
      [ids.approved],
    );
    assert.ok(bundle.maskingEvents.every((e) => e.sessionId === ids.approved));
    assert.ok(bundle.audit.entries.every((e) => e.sessionId === ids.approved));
    assert.equal(bundle.audit.contiguous, false);
    assert.equal(bundle.approvals[0]?.status, 'executed');
    assert.equal((await cli(['evidence', 'verify', 'session.json'], gateway.dir)).code, 0);
    const missing = await cli(['evidence', 'export', '--session', 'nope', '--out', 'x.json'], gateway.dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no session nope in the store/);
  });
});
