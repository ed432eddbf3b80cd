import assert from 'node:assert/strict';
import {
  DEFAULT_SETTINGS,
  normaliseSettings,
  problemsFor,
  SETTING,
  SETTING_GROUPS,
  type SettingId,
} from '../../../extension/src/config/settings.js';

function normalise(values: Partial<Record<SettingId, unknown>>) {
  return normaliseSettings((setting) => values[setting]);
}

describe('extension settings', () => {
  it('defaults to the embedded dev set-up of npm start', () => {
    const { settings, problems } = normalise({});
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.equal(settings.gatewayUrl, 'http://127.0.0.1:8787');
    assert.equal(settings.issuer, 'http://127.0.0.1:8788');
    assert.equal(settings.clientId, 'autogen-gate-vscode');
    assert.equal(settings.audience, 'autogen-gate');
  });

  it('accepts https anywhere and trims the gateway URL', () => {
    const { settings, problems } = normalise({
      [SETTING.gatewayUrl]: ' https://gate.example.com/ ',
      [SETTING.issuer]: 'https://login.example.com/realms/eng',
    });
    assert.deepEqual(problems, []);
    assert.equal(settings.gatewayUrl, 'https://gate.example.com');
    assert.equal(settings.issuer, 'https://login.example.com/realms/eng', 'the issuer is kept verbatim: discovery compares it exactly');
  });

  it('refuses plain http off loopback, saying why and what to write', () => {
    const { settings, problems } = normalise({ [SETTING.gatewayUrl]: 'http://gate.example.com' });
    assert.equal(settings.gatewayUrl, DEFAULT_SETTINGS.gatewayUrl);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.setting, SETTING.gatewayUrl);
    assert.match(problems[0]?.message ?? '', /autogenGate\.gatewayUrl uses plain http for gate\.example\.com/);
    assert.match(problems[0]?.message ?? '', /https:\/\/gate\.example\.com/);
  });

  it('allows plain http on every loopback spelling', () => {
    for (const url of ['http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9', 'http://127.1.2.3']) {
      assert.deepEqual(normalise({ [SETTING.gatewayUrl]: url }).problems, [], url);
    }
  });

  it('names the key and shows an example for every kind of bad value', () => {
    const { problems } = normalise({
      [SETTING.gatewayUrl]: 'not a url',
      [SETTING.issuer]: 'https://user:pw@login.example.com',
      [SETTING.clientId]: 'two words',
      [SETTING.audience]: '',
      [SETTING.signInMethod]: 'magic',
      [SETTING.scopes]: ['profile'],
      [SETTING.authorizationParameters]: { redirect_uri: 'x' },
      [SETTING.requestTimeoutSeconds]: 1,
      [SETTING.notifyDecisions]: 'yes',
    });
    const bySetting = new Map(problems.map((problem) => [problem.setting, problem.message]));
    assert.match(bySetting.get(SETTING.gatewayUrl) ?? '', /is not a URL.*e\.g\. "https:\/\/gate\.example\.com"/);
    assert.match(bySetting.get(SETTING.issuer) ?? '', /must not contain a user name or password/);
    assert.match(bySetting.get(SETTING.clientId) ?? '', /without spaces, e\.g\. "autogen-gate-vscode"/);
    assert.match(bySetting.get(SETTING.audience) ?? '', /e\.g\. "autogen-gate"/);
    assert.match(bySetting.get(SETTING.signInMethod) ?? '', /"auto", "browser" or "deviceCode"/);
    assert.match(bySetting.get(SETTING.scopes) ?? '', /must include "openid"/);
    assert.match(bySetting.get(SETTING.authorizationParameters) ?? '', /must not set redirect_uri/);
    assert.match(bySetting.get(SETTING.requestTimeoutSeconds) ?? '', /from 5 to 3600/);
    assert.match(bySetting.get(SETTING.notifyDecisions) ?? '', /true or false/);
    assert.ok(
      problems.every((problem) => problem.message.includes(problem.setting)),
      'every message names its key',
    );
  });

  it('warns (not errs) when scopes lack offline_access', () => {
    const { settings, problems } = normalise({ [SETTING.scopes]: ['openid', 'groups'] });
    assert.deepEqual(settings.scopes, ['openid', 'groups']);
    assert.equal(problems[0]?.severity, 'warning');
    assert.deepEqual(problemsFor(problems, SETTING_GROUPS.identity), []);
  });

  it('groups problems by feature', () => {
    const { problems } = normalise({ [SETTING.issuer]: 'ftp://x' });
    assert.equal(problemsFor(problems, SETTING_GROUPS.gateway).length, 0);
    assert.equal(problemsFor(problems, SETTING_GROUPS.identity).length, 1);
  });
});
