/**
 * The "browser" of the extension's sign-in in Node tests: the dev IdP's own headless client
 * (gateway/dev/devTokens.ts) follows the authorization URL the extension opens, logs in on the
 * real login form and delivers the redirect to the extension's loopback listener; or it stops at
 * the login page and presses Cancel (access denied).
 */
import { DevIdpBrowser, submitForm } from '../../../gateway/dev/devTokens.js';
import { DEV_PASSWORD } from '../../../gateway/dev/idp/constants.js';

/** An `openBrowser` for OidcClient.browserSignIn that signs `username` in. */
export function signInAs(username: string, password = DEV_PASSWORD): (url: URL) => Promise<boolean> {
  return async (url) => {
    const redirect = url.searchParams.get('redirect_uri');
    if (!redirect) throw new Error('the authorization URL has no redirect_uri');
    // Like a browser tab: runs on its own while the extension waits for the redirect.
    void (async () => {
      const browser = new DevIdpBrowser();
      const stoppedAt = await browser.browse(url, { username, password, stopBefore: (next) => next.href.startsWith(redirect) });
      if (stoppedAt) await (await browser.request({ url: stoppedAt, method: 'GET', body: undefined })).body?.cancel();
    })().catch((error: unknown) => console.error('test browser:', error));
    return true;
  };
}

/** An `openBrowser` that cancels on the login page (the IdP redirects back with access_denied). */
export function cancelOnLogin(): (url: URL) => Promise<boolean> {
  return async (url) => {
    const redirect = url.searchParams.get('redirect_uri') ?? '';
    void (async () => {
      const browser = new DevIdpBrowser();
      let step = await browser.step(url);
      let current = url;
      for (let hop = 0; hop < 10 && step.location && !step.location.href.startsWith(redirect); hop++) {
        current = step.location;
        step = await browser.step(current);
      }
      const abort = step.forms.find((form) => form.id === 'abort-form');
      if (!abort) throw new Error(`no Cancel on the ${step.page ?? 'unknown'} page`);
      let next = await browser.step(submitForm(abort, {}, current));
      for (let hop = 0; hop < 10 && next.location; hop++) {
        if (next.location.href.startsWith(redirect)) {
          await (await browser.request({ url: next.location, method: 'GET', body: undefined })).body?.cancel();
          return;
        }
        next = await browser.step(next.location);
      }
    })().catch((error: unknown) => console.error('test browser:', error));
    return true;
  };
}
