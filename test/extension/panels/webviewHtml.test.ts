import assert from 'node:assert/strict';
import { contentSecurityPolicy, webviewHtml } from '../../../extension/src/panels/webviewHtml.js';

describe('webview document', () => {
  it('has a strict CSP: nonce-only scripts, no inline styles, no network, no remote content', () => {
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', 'abc');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net 'nonce-abc'(;|$)/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads one module script and one stylesheet with a fresh nonce each time', () => {
    const options = {
      cspSource: 'vscode-resource:',
      scriptUri: 'vscode-resource:/dist/webview/approvals.js',
      styleUri: 'vscode-resource:/dist/webview/approvals.css',
      title: 'Approvals',
      name: 'approvals',
    };
    const a = webviewHtml(options);
    const b = webviewHtml(options);
    const nonce = /nonce="([^"]+)"/.exec(a)?.[1];
    assert.ok(nonce && nonce.length >= 22);
    assert.notEqual(nonce, /nonce="([^"]+)"/.exec(b)?.[1]);
    assert.match(a, /<script type="module" nonce="[^"]+" src="vscode-resource:\/dist\/webview\/approvals\.js"><\/script>/);
    assert.match(a, /<body data-webview="approvals">/);
    assert.equal((a.match(/<script/g) ?? []).length, 1);
  });

  it('escapes what goes into attributes', () => {
    const html = webviewHtml({ cspSource: 'x', scriptUri: 'a"b', styleUri: 's', title: '<t>', name: 'n' });
    assert.ok(html.includes('a&#34;b'));
    assert.ok(html.includes('&#60;t&#62;'));
  });
});
