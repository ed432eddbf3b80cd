import { strict as assert } from 'node:assert';
import * as oidc from 'openid-client';
import { approveDeviceCode, DevIdpBrowser, DevTokenError, devClientConfig, submitForm } from '../../../gateway/dev/devTokens.js';
import { DEV_BANNER_TEXT } from '../../../gateway/dev/idp/views.js';
import { startTestIdp, type TestIdp } from '../../support/devIdp.js';
import { verifyAccessToken } from './verifyToken.js';

describe('dev IdP device authorization grant (RFC 8628)', function () {
  this.timeout(30_000);
  let idp: TestIdp;
  let config: oidc.Configuration;

  before(async () => {
    idp = await startTestIdp();
    config = await devClientConfig(idp.issuer, 'autogen-gate-vscode');
  });

  after(async () => {
    await idp.close();
  });

  it('runs end to end: device code, user code and login over HTTP, polling for the token', async () => {
    const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile email groups offline_access' });
    assert.match(authorization.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(authorization.verification_uri, `${idp.issuer}/device`);
    assert.equal(authorization.interval, 1);

    // The device polls while the person signs in elsewhere.
    const polling = oidc.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal: AbortSignal.timeout(20_000) });
    await approveDeviceCode(authorization.verification_uri, authorization.user_code, 'carla');
    const tokens = await polling;

    const { payload } = await verifyAccessToken(idp.issuer, tokens.access_token);
    assert.equal(payload.sub, 'carla');
    assert.deepEqual(payload['groups'], ['privacy-office']);
    assert.equal(payload['client_id'], 'autogen-gate-vscode');
    assert.ok(tokens.refresh_token, 'device sign-in gets a refresh token');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal((await verifyAccessToken(idp.issuer, refreshed.access_token)).payload.sub, 'carla');
  });

  it('approves through verification_uri_complete too (the code comes filled in)', async () => {
    const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    assert.ok(authorization.verification_uri_complete);
    const polling = oidc.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal: AbortSignal.timeout(20_000) });
    await approveDeviceCode(authorization.verification_uri_complete, authorization.user_code, 'ana');
    assert.equal((await verifyAccessToken(idp.issuer, (await polling).access_token)).payload.sub, 'ana');
  });

  it('serves an accessible code page with the dev banner', async () => {
    const page = await new DevIdpBrowser().step(new URL(`${idp.issuer}/device`));
    assert.equal(page.status, 200);
    assert.equal(page.page, 'device-input');
    assert.ok(page.html.includes(DEV_BANNER_TEXT));
    assert.match(page.html, /<label for="user_code">Code<\/label>/);
    const form = page.forms.find((candidate) => candidate.fields.has('user_code'));
    assert.ok(form?.fields.get('xsrf'), 'the form carries the CSRF token');
  });

  it('refuses an unknown user code and asks again', async () => {
    await assert.rejects(approveDeviceCode(`${idp.issuer}/device`, 'BCDF-GHJK', 'ana'), (error: unknown) => {
      assert.ok(error instanceof DevTokenError);
      assert.equal(error.code, 'idp_error');
      assert.match(error.message, /not valid/);
      return true;
    });
  });

  it('refuses a user code used twice', async () => {
    const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    await approveDeviceCode(authorization.verification_uri, authorization.user_code, 'ana');
    await assert.rejects(approveDeviceCode(authorization.verification_uri, authorization.user_code, 'bruno'), /already used/);
  });

  it('tells the polling device access_denied when the person aborts', async () => {
    const authorization = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    const browser = new DevIdpBrowser();
    const start = new URL(authorization.verification_uri);
    const input = await browser.step(start);
    const codeForm = input.forms.find((form) => form.fields.has('user_code'));
    assert.ok(codeForm);
    const confirm = await browser.step(submitForm(codeForm, { user_code: authorization.user_code.toLowerCase().replace('-', '') }, start));
    assert.equal(confirm.page, 'device-confirm');
    assert.ok(confirm.html.includes(authorization.user_code));
    const confirmForm = confirm.forms.find((form) => form.fields.get('confirm') === 'yes');
    assert.ok(confirmForm);
    const aborted = await browser.step(submitForm(confirmForm, { abort: 'yes' }, start));
    assert.equal(aborted.page, 'device-input');
    assert.match(aborted.html, /cancelled/);

    await assert.rejects(
      oidc.pollDeviceAuthorizationGrant(config, authorization, undefined, { signal: AbortSignal.timeout(10_000) }),
      (error: unknown) => error instanceof oidc.ResponseBodyError && error.error === 'access_denied',
    );
  });
});
