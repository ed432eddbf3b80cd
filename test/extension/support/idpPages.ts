/**
 * Completes a sign-in on the dev IdP's pages in a browser tab, as a person would: the device
 * page (code prefilled by `verification_uri_complete`), the confirmation, the login form; or the
 * login form of an authorization request followed by the loopback redirect to the extension.
 * The pages name themselves in `<body data-page>` (gateway/dev/idp/views.ts).
 */
import type { Page } from 'playwright-core';
import { DEV_PASSWORD } from '../../../gateway/dev/idp/constants.js';

export type SignInEnd = 'device-success' | 'redirected';

/** Drives the IdP tab until the sign-in is done; returns how it ended. */
export async function completeIdpSignIn(page: Page, username: string, timeoutMs = 30_000): Promise<SignInEnd> {
  const deadline = Date.now() + timeoutMs;
  let lastUrl = '';
  for (;;) {
    if (Date.now() > deadline) throw new Error(`the IdP sign-in of ${username} did not finish; last page ${lastUrl}`);
    await page.waitForLoadState('domcontentloaded');
    lastUrl = page.url();
    const kind = await page
      .locator('body')
      .getAttribute('data-page', { timeout: 5_000 })
      .catch(() => null);
    const result = await page
      .locator('body')
      .getAttribute('data-result', { timeout: 1_000 })
      .catch(() => null);
    if (result === 'signed-in') return 'redirected';
    if (result === 'failed') throw new Error(`the extension's sign-in page says it failed: ${await page.locator('main').innerText()}`);
    switch (kind) {
      case 'device-input':
        await Promise.all([
          page.waitForNavigation(),
          page.locator('form:has(input[name="user_code"]) button[type="submit"], button[type="submit"]').first().click(),
        ]);
        break;
      case 'device-confirm':
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Continue' }).click()]);
        break;
      case 'login':
        await page.locator('#username').fill(username);
        await page.locator('#password').fill(DEV_PASSWORD);
        await Promise.all([page.waitForNavigation(), page.locator('#login-form button[type="submit"]').click()]);
        break;
      case 'device-success':
        return 'device-success';
      case 'error':
        throw new Error(`the dev IdP shows an error: ${await page.locator('main').innerText()}`);
      default:
        await page.waitForTimeout(200);
    }
  }
}
