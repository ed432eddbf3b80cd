/**
 * The evidence report as a privacy officer sees it: rendered by headless Chromium (Debian's,
 * through playwright-core), with its charts and tables present and filled, no request for any
 * external asset, and a printable A4 version. Screenshots and the PDF go to test-artifacts/.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SignedDocument } from '../../../gateway/evidence/signedDocument.js';
import type { EvidenceBundle } from '../../../gateway/evidence/types.js';
import { closeBrowser, launchBrowser, newPage } from '../../support/browser.js';
import { artifactsDir } from '../../support/vscode/paths.js';
import { cli, openTestGateway, type TestGateway } from './support.js';

const CPF = '529.982.247-25';

async function populate(gateway: TestGateway): Promise<string> {
  let approved = '';
  // Two weeks of activity, a few runs a day: allowed, denied, personal data or not.
  for (let day = 0; day < 14; day++) {
    for (let n = 0; n < 1 + (day % 4); n++) {
      gateway.clock.set(new Date(Date.parse('2026-03-02T08:00:00Z') + day * 86_400_000 + n * 3_600_000));
      const kind = (day * 3 + n) % 5;
      if (kind === 0) await gateway.run({ user: 'ana', effect: 'deny' });
      else if (kind === 1) await gateway.run({ generator: 'config-template', user: 'ana', result: 'service: api' });
      else {
        const id = await gateway.run({
          result: `Cliente Maria Souza, CPF ${CPF}, e-mail maria.souza@exemplo.com.br${kind === 3 ? ', nascida em 12/03/1985, CEP 01310-100' : ''}.`,
        });
        if (!approved) approved = id;
      }
    }
  }
  for (const [type, actor, data] of [
    ['approval.requested', 'dev:bruno', { approvalId: 'ap-1', generator: 'customer-report', ruleId: 'engineers-report' }],
    ['approval.vote_recorded', 'dev:carla', { approvalId: 'ap-1', decision: 'approve', reason: 'Cobrança mensal <b>autorizada</b>.' }],
    ['approval.approved', 'dev:carla', { approvalId: 'ap-1', approvedBy: ['dev:carla'] }],
    ['approval.executed', 'gateway', { approvalId: 'ap-1', runStatus: 'succeeded' }],
  ] as const) {
    await gateway.context.store.transact((tx) => tx.appendAudit({ type, actor, sessionId: approved, data }));
  }
  return approved;
}

async function count(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}

describe('evidence report (HTML, headless Chromium)', function () {
  this.timeout(120_000);
  let gateway: TestGateway;
  let browser: Browser | undefined;
  let html: string;
  let bundle: EvidenceBundle;

  before(async () => {
    gateway = await openTestGateway({ start: '2026-03-01T00:00:00.000Z' });
    await populate(gateway);
    const exported = await cli(
      ['evidence', 'export', '--from', '2026-03-01', '--to', '2026-03-17', '--out', 'bundle.json', '--html', 'report.html'],
      gateway.dir,
    );
    assert.equal(exported.code, 0, exported.stderr);
    html = readFileSync(join(gateway.dir, 'report.html'), 'utf8');
    bundle = (JSON.parse(readFileSync(join(gateway.dir, 'bundle.json'), 'utf8')) as SignedDocument<EvidenceBundle>).content;
    browser = await launchBrowser();
  });
  after(async () => {
    await closeBrowser(browser);
    await gateway.close();
  });

  it('shows the summary, the charts and the tables, filled, with no external asset', async () => {
    assert.ok(browser);
    const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });

    assert.deepEqual(requests, [], 'the report fetched something');
    assert.equal(await page.title(), 'Evidence report: 2026-03-01 00:00:00 UTC to 2026-03-17 00:00:00 UTC');
    assert.equal((await page.getByTestId('verification').textContent())?.trim(), 'Signature and records verified');
    assert.equal((await page.locator('[data-testid="figure-sessions"] .figure').textContent())?.trim(), String(bundle.summary.sessions));
    assert.equal((await page.locator('[data-testid="figure-masked"] .figure').textContent())?.trim(), String(bundle.summary.maskedValues));
    assert.equal(
      (await page.locator('[data-testid="figure-denied"] .figure').textContent())?.trim(),
      String(bundle.summary.decisions['deny'] ?? 0),
    );
    assert.ok(bundle.summary.sessions >= 30 && bundle.summary.maskedValues > 0);

    for (const id of ['chart-runs', 'chart-decisions', 'chart-masked', 'chart-masked-totals']) {
      const chart = page.locator(`svg#${id}`);
      assert.equal(await chart.count(), 1, `${id} missing`);
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 600 && box.height > 80, `${id} is not laid out: ${JSON.stringify(box)}`);
      assert.ok((await count(page, `svg#${id} rect.bar`)) > 0, `${id} has no bars`);
    }
    // One bar segment per day and series: 14 days of runs, and the daily masked values by type.
    assert.equal(
      await count(page, 'svg#chart-decisions rect.bar[data-series="denied"]'),
      new Set(bundle.sessions.filter((s) => s.decision.effect === 'deny').map((s) => s.createdAt.slice(0, 10))).size,
    );
    const legend = await page.locator('svg#chart-masked .legend-item text').allTextContents();
    assert.deepEqual(new Set(legend), new Set(['CPF', 'E-mail', 'Name', 'Birth date', 'CEP (postcode)']));
    const totals = await page.locator('svg#chart-masked-totals .hbar .value').allTextContents();
    assert.equal(
      totals.map(Number).reduce((a, b) => a + b, 0),
      bundle.summary.maskedValues,
    );

    assert.equal(await count(page, '#sessions-table tbody tr'), bundle.sessions.length);
    const approvals = page.locator('#approvals-table tbody tr');
    assert.equal(await approvals.count(), 1);
    const approvalText = (await approvals.first().textContent()) ?? '';
    assert.match(approvalText, /executed/);
    assert.match(approvalText, /dev:carla/);
    // What people wrote is shown as text, never interpreted as markup.
    assert.match(approvalText, /Cobrança mensal <b>autorizada<\/b>\./);
    assert.equal(await count(page, '#approvals-table b'), 0);
    assert.equal(await count(page, '#policy-table tbody tr'), 1);
    assert.match((await page.locator('#integrity').textContent()) ?? '', /verified: \d+ entries, starting from genesis/);
    assert.equal(html.includes(CPF), false, 'the CPF is in the report');

    const dir = join(artifactsDir(), 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'evidence-report.png'), fullPage: true });
    await page.locator('#charts').screenshot({ path: join(dir, 'evidence-report-charts.png') });
    assert.ok(statSync(join(dir, 'evidence-report.png')).size > 20_000);
    await page.context().close();
  });

  it('prints on A4 with its tables and charts', async () => {
    assert.ok(browser);
    const page = await newPage(browser);
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // In print, rows and figures do not split across pages.
    assert.equal(await page.evaluate("getComputedStyle(document.querySelector('figure')).breakInside"), 'avoid');
    const file = join(artifactsDir(), 'evidence-report.pdf');
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    const pdf = readFileSync(file).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    assert.ok(pages >= 2, `the report printed on ${pages} page(s)`);
    await page.context().close();
  });
});
