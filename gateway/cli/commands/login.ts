/**
 * `autogen-gate login`: a person signs in from a terminal with the OAuth device authorization
 * grant; the tokens are kept owner-only under `$XDG_CONFIG_HOME/autogen-gate/` and refreshed when
 * they expire, so `generators`, `run`, `approvals`, `sessions` and `wait` work against a real
 * identity provider. `autogen-gate logout` revokes them at the issuer and forgets them.
 */
import type { Command } from 'commander';
import { credentialsPath, readLogin, removeLogin, saveLogin } from '../client/credentialStore.js';
import { explainLoginError, revokeLogin, startDeviceLogin, type LoginSettings } from '../client/deviceLogin.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { loadCliConfig } from '../configLookup.js';

interface LoginOptions {
  issuer?: string;
  clientId?: string;
  audience?: string;
  scope?: string;
  insecure?: boolean;
  config?: string;
}

const DEFAULT_CLIENT_ID = 'autogen-gate-cli';
const DEFAULT_SCOPE = 'openid profile email offline_access';
const DEFAULT_ISSUER = 'http://127.0.0.1:8788';

/**
 * The issuer people sign in at: the flag, the environment, else the first issuer for people in
 * the policy file next to us (what `npm start` runs), else the dev IdP's default address.
 */
function issuerAndAudience(ctx: CliContext, options: LoginOptions): { issuer: string; audience: string } {
  const env = ctx.io.env;
  let fromPolicy: { issuer: string; audience: string | undefined } | undefined;
  if (options.issuer === undefined && env['AUTOGEN_GATE_ISSUER'] === undefined) {
    try {
      const config = loadCliConfig(ctx.io, options.config);
      const people = config.identity.issuers.find((issuer) => issuer.kind !== 'pipeline');
      if (people) fromPolicy = { issuer: people.issuer, audience: people.audiences[0] };
    } catch (error) {
      // Without a policy file at hand the defaults serve; one named with --config must load.
      if (options.config !== undefined) throw error;
    }
  }
  return {
    issuer: options.issuer ?? env['AUTOGEN_GATE_ISSUER'] ?? fromPolicy?.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? env['AUTOGEN_GATE_AUDIENCE'] ?? fromPolicy?.audience ?? 'autogen-gate',
  };
}

function minutes(seconds: number): string {
  return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`;
}

export function registerLoginCommands(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('Sign in at your identity provider with a device code; later commands use (and refresh) the token.')
    .option('--issuer <url>', `OpenID issuer (default: $AUTOGEN_GATE_ISSUER, the policy file's issuer, else ${DEFAULT_ISSUER})`)
    .option(
      '--client-id <id>',
      `public OAuth client of this CLI at the issuer (default: $AUTOGEN_GATE_LOGIN_CLIENT_ID or ${DEFAULT_CLIENT_ID})`,
    )
    .option('--audience <aud>', "the gateway's audience (default: $AUTOGEN_GATE_AUDIENCE, the policy file's, else autogen-gate)")
    .option('--scope <scopes>', `OAuth scopes (default: ${DEFAULT_SCOPE})`)
    .option('--insecure', 'allow plain http to an issuer that is not on this machine')
    .option('-c, --config <file>', 'policy file to take the issuer from (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml, if present)')
    .action(async (options: LoginOptions) => {
      let settings: LoginSettings | undefined;
      try {
        const { issuer, audience } = issuerAndAudience(ctx, options);
        settings = {
          issuer,
          audience,
          clientId: options.clientId ?? ctx.io.env['AUTOGEN_GATE_LOGIN_CLIENT_ID'] ?? DEFAULT_CLIENT_ID,
          scope: options.scope ?? DEFAULT_SCOPE,
          insecure: options.insecure === true,
        };
        const device = await startDeviceLogin(settings);
        ctx.io.stderr.write(
          [
            `To sign in, open ${device.verificationUri} and enter the code ${device.userCode}`,
            ...(device.verificationUriComplete ? [`(or open ${device.verificationUriComplete})`] : []),
            `The code expires in ${minutes(device.expiresInSeconds)}. Waiting…`,
            '',
          ].join('\n'),
        );
        const login = await device.complete();
        const path = saveLogin(ctx.io.env, login);
        ctx.io.stderr.write(
          `Signed in as ${login.name ?? login.subject ?? 'you'}${login.name && login.subject ? ` (${login.subject})` : ''} at ${login.issuer}. The token is in ${path} (readable by you only); autogen-gate logout forgets it.\n`,
        );
      } catch (error) {
        const message = settings ? explainLoginError(error, settings).message : (error as Error).message;
        ctx.io.stderr.write(`autogen-gate login: ${message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });

  program
    .command('logout')
    .description('Revoke the token of `autogen-gate login` at the issuer and forget it.')
    .option('--insecure', 'allow plain http to an issuer that is not on this machine')
    .action(async (options: { insecure?: boolean }) => {
      let login;
      try {
        login = readLogin(ctx.io.env);
      } catch (error) {
        // An unusable file is still removed: logging out must always work.
        removeLogin(ctx.io.env);
        ctx.io.stderr.write(`autogen-gate logout: removed an unreadable login (${(error as Error).message}).\n`);
        return;
      }
      if (!login) {
        ctx.io.stderr.write(`Not signed in (nothing at ${credentialsPath(ctx.io.env)}).\n`);
        return;
      }
      let revoked: string;
      try {
        revoked =
          (await revokeLogin(login, options.insecure === true)) === 'revoked'
            ? `revoked at ${login.issuer}`
            : `${login.issuer} offers no revocation; the access token lives until it expires`;
      } catch (error) {
        removeLogin(ctx.io.env);
        ctx.io.stderr.write(
          `autogen-gate logout: forgot the local token, but could not revoke it: ${explainLoginError(error, { ...login }).message}. It stops working when it expires, or revoke it at the issuer.\n`,
        );
        ctx.setExitCode(ExitCode.failure);
        return;
      }
      removeLogin(ctx.io.env);
      ctx.io.stderr.write(`Signed out${login.name ? ` ${login.name}` : ''}: ${revoked}; ${credentialsPath(ctx.io.env)} removed.\n`);
    });
}
