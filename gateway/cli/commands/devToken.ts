/**
 * `autogen-gate dev-token --user NAME`: an access token from the embedded dev IdP, printed as the
 * last line of stdout (`TOKEN=$(npx autogen-gate dev-token --user ana | tail -n 1)`). People
 * sign in through the real authorization code + PKCE flow; `ci-bot` uses client credentials with
 * the secret from AUTOGEN_GATE_DEV_CI_SECRET or `<dataDir>/dev-idp/ci-bot.secret`.
 *
 * Development only: it refuses with NODE_ENV=production and for any issuer that is not a
 * loopback dev IdP, because it would otherwise send the dev password to a real one.
 */
import type { Command } from 'commander';
import { DEV_ACCOUNTS } from '../../dev/accounts.js';
import { DevTokenError, getClientCredentialsToken, getUserToken, type DevTokenSet } from '../../dev/devTokens.js';
import { readCiSecret } from '../../dev/idp/clients.js';
import { CI_SECRET_ENV, ciSecretPath, DEFAULT_DEV_ISSUER, DEV_CLIENT_IDS, DEV_PASSWORD } from '../../dev/idp/constants.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exitCodes.js';
import { assertDevOnly, DevCommandRefusedError, resolveDevTarget } from '../devTarget.js';

interface DevTokenOptions {
  user: string;
  issuer?: string;
  dataDir?: string;
  config?: string;
  password?: string;
}

export function registerDevTokenCommand(program: Command, ctx: CliContext): void {
  program
    .command('dev-token')
    .description('Print an access token from the embedded dev IdP (development only), as the last line of output.')
    .requiredOption('-u, --user <name>', `dev account: ${DEV_ACCOUNTS.map((account) => account.username).join(', ')}`)
    .option('--issuer <url>', `dev IdP issuer (default: the policy's loopback issuer, else ${DEFAULT_DEV_ISSUER})`)
    .option(
      '--data-dir <dir>',
      "the gateway's data dir, where the dev IdP keeps ci-bot's secret (default: the policy's dataDir, else ./data)",
    )
    .option(
      '-c, --config <file>',
      'policy file to take the defaults from (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml, if present)',
    )
    .option('--password <password>', `password of the dev account (default: ${DEV_PASSWORD})`)
    .action(async (options: DevTokenOptions) => {
      const account = DEV_ACCOUNTS.find((candidate) => candidate.username === options.user);
      if (!account) {
        ctx.io.stderr.write(
          `dev-token: unknown user ${JSON.stringify(options.user)}; the dev accounts are ${DEV_ACCOUNTS.map((candidate) => candidate.username).join(', ')}\n`,
        );
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      try {
        const target = resolveDevTarget(ctx, options);
        assertDevOnly(ctx, 'dev-token', target.issuer);
        let tokens: DevTokenSet;
        let flow: string;
        if (account.username === DEV_CLIENT_IDS.ciBot) {
          const secret = readCiSecret(target.dataDir, ctx.io.env);
          if (secret === undefined) {
            throw new DevCommandRefusedError(
              `no ci-bot secret: set ${CI_SECRET_ENV}, or start the dev IdP (npm start) once so it writes ${ciSecretPath(target.dataDir)} (or pass --data-dir).`,
            );
          }
          tokens = await getClientCredentialsToken(target.issuer, DEV_CLIENT_IDS.ciBot, secret, target.audience);
          flow = 'client credentials';
        } else {
          tokens = await getUserToken(target.issuer, account.username, options.password ?? DEV_PASSWORD);
          flow = 'authorization code + PKCE';
        }
        const expires = tokens.expiresIn === undefined ? '' : `, expires in ${tokens.expiresIn} s`;
        ctx.io.stderr.write(`dev-token: ${account.username} (${account.groups.join(', ')}) from ${target.issuer} via ${flow}${expires}\n`);
        ctx.io.stdout.write(`${tokens.accessToken}\n`);
      } catch (error) {
        const message =
          error instanceof DevTokenError || error instanceof DevCommandRefusedError
            ? error.message
            : `dev-token failed: ${(error as Error).message}`;
        ctx.io.stderr.write(`dev-token: ${message}\n`);
        ctx.setExitCode(ExitCode.failure);
      }
    });
}
