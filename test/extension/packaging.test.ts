/**
 * The .vsix `npm run package` builds: only the manifest, README/LICENSE, the bundled extension,
 * the webview bundles and the icon; no gateway code, node_modules, sources, tests or maps. The
 * bundle loads as CommonJS and needs nothing outside itself but `vscode`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureVsix } from './support/vsix.js';

describe('extension packaging', function () {
  this.timeout(180_000);
  let entries: string[];

  before(() => {
    const vsix = ensureVsix();
    entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
  });

  it('holds exactly the manifest, license, bundles and icons', () => {
    const files = entries
      .filter((entry) => entry.startsWith('extension/'))
      .map((entry) => entry.slice('extension/'.length))
      .sort();
    assert.deepEqual(
      files,
      [
        'LICENSE.txt',
        'dist/extension.cjs',
        'dist/webview/approvals.css',
        'dist/webview/approvals.js',
        'dist/webview/runForm.css',
        'dist/webview/runForm.js',
        'dist/webview/session.css',
        'dist/webview/session.js',
        'dist/webview/sessionHistory.css',
        'dist/webview/sessionHistory.js',
        'media/activitybar.svg',
        'media/icon.png',
        'package.json',
        ...(files.includes('readme.md') ? ['readme.md'] : []),
      ].sort(),
    );
    assert.ok(!entries.some((entry) => /gateway\/|node_modules|\.ts$|\.map$|test\//.test(entry)));
  });

  it('bundles the extension as one CommonJS file that only requires vscode and Node built-ins', () => {
    const bundle = readFileSync('dist/extension.cjs', 'utf8');
    // Calls of the global `require` only (not methods named require, e.g. configuration.require("gateway")).
    const required = new Set([...bundle.matchAll(/(?<![.\w$])require\("([^"]+)"\)/g)].map((match) => match[1]));
    const outside = [...required].filter(
      (name) =>
        name !== 'vscode' &&
        !name?.startsWith('node:') &&
        !['crypto', 'http', 'https', 'net', 'url', 'util', 'buffer', 'stream', 'zlib', 'events', 'os', 'path', 'fs'].includes(name ?? ''),
    );
    assert.deepEqual(outside, [], 'everything else is inside the bundle');
    assert.match(bundle, /module\.exports/);
    assert.ok(!bundle.includes('oidc-provider'), 'no gateway code (the dev IdP) in the bundle');
  });

  it('declares the commands, provider, settings and activation the extension registers', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      main: string;
      activationEvents: string[];
      contributes: {
        commands: Array<{ command: string; title: string; category: string }>;
        authentication: Array<{ id: string }>;
        configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
      };
    };
    assert.equal(manifest.main, './dist/extension.cjs');
    assert.ok(manifest.activationEvents.includes('onAuthenticationRequest:autogen-gate'));
    assert.deepEqual(
      manifest.contributes.authentication.map((provider) => provider.id),
      ['autogen-gate'],
    );
    const titles = manifest.contributes.commands.map((command) => `${command.category}: ${command.title}`);
    for (const title of [
      'Sign In',
      'Sign Out',
      'Run Generator…',
      'Show Approvals',
      'Show Session History',
      'Open Session…',
      'Export Evidence…',
      'Show Log',
      'Refresh Generators',
    ]) {
      assert.ok(titles.includes(`AutoGen Gate: ${title}`), title);
    }
    assert.ok(manifest.contributes.commands.every((command) => /^autogenGate\.[a-z]+[A-Za-z]*$/.test(command.command)));
    const properties = manifest.contributes.configuration.properties;
    for (const key of ['gatewayUrl', 'issuer', 'clientId', 'audience']) {
      assert.equal(properties[`autogenGate.${key}`]?.scope, 'application', `${key}: user settings only`);
    }
    assert.equal(properties['autogenGate.gatewayUrl']?.default, 'http://127.0.0.1:8787');
    const views = (JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { views: Record<string, Array<{ id: string }>> } })
      .contributes.views;
    assert.deepEqual(
      views['autogenGate']?.map((view) => view.id),
      ['autogenGate.generators'],
      'the Generators view, in the AutoGen Gate container',
    );
  });
});
