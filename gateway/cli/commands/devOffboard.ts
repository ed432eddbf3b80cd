/**
 * `autogen-gate dev-offboard --user bruno`: what a company's IdP does when someone leaves, in the
 * embedded dev IdP: the account is deactivated there (no more sign-ins or refreshed tokens) and
 * the dev IdP pushes the deactivation to the gateway over SCIM, so generators the person owns
 * become orphaned. `--reactivate` undoes both. Development only.
 */
import type { Command } from 'commander';
import { DEV_ACCOUNTS } from '../../dev/accounts.js';
import { readAdminSecret, type OffboardResult } from '../../dev/idp/admin.js';
import { devIdpStateDir, DEFAULT_DEV_ISSUER } from '../../dev/idp/constants.js';
import type { CliContext } from '../context.js';
import { assertDevOnly, DevCommandRefusedError, resolveDevTarget } from '../devTarget.js';
import { ExitCode } from '../exitCodes.js';

interface OffboardOptions {
  user: string;
  reactivate?: boolean;
  issuer?: string;
  dataDir?: string;
  config?: string;
}

export function registerDevOffboardCommand(program: Command, ctx: CliContext): void {
  const people = DEV_ACCOUNTS.filter((account) => account.kind === 'person').map((account) => account.username);
  program
    .command('dev-offboard')
    .description(
      'Offboard a dev account: deactivate it in the dev IdP and push the deactivation to the gateway over SCIM (development only).',
    )
    .requiredOption('-u, --user <name>', `dev person: ${people.join(', ')}`)
    .option('--reactivate', 'undo: the account is active again, here and at the gateway')
    .option('--issuer <url>', `dev IdP issuer (default: the policy's loopback issuer, else ${DEFAULT_DEV_ISSUER})`)
    .option(
      '--data-dir <dir>',
      "the gateway's data dir, where the dev IdP keeps its admin secret (default: the policy's dataDir, else ./data)",
    )
    .option(
      '-c, --config <file>',
      'policy file to take the defaults from (default: $AUTOGEN_GATE_CONFIG or ./autogen-gate.yaml, if present)',
    )
    .action(async (options: OffboardOptions) => {
      if (!people.includes(options.user)) {
        ctx.io.stderr.write(`dev-offboard: unknown person ${JSON.stringify(options.user)}; the dev people are ${people.join(', ')}\n`);
        ctx.setExitCode(ExitCode.usage);
        return;
      }
      try {
        const target = resolveDevTarget(ctx, options);
        assertDevOnly(ctx, 'dev-offboard', target.issuer);
        const secret = readAdminSecret(devIdpStateDir(target.dataDir));
        if (secret === undefined)
          throw new DevCommandRefusedError(
            `no admin secret under ${devIdpStateDir(target.dataDir)}: start the dev IdP (npm start) first, or pass --data-dir`,
          );
        let response: Response;
        try {
          response = await fetch(`${target.issuer}/admin/offboard`, {
            method: 'POST',
            headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
            body: JSON.stringify({ user: options.user, active: options.reactivate === true }),
            signal: AbortSignal.timeout(20_000),
          });
        } catch (error) {
          throw new DevCommandRefusedError(
            `cannot reach the dev IdP at ${target.issuer} (is npm start running?): ${(error as Error).message}`,
          );
        }
        const body = (await response.json()) as OffboardResult | { error: string };
        if ('error' in body) throw new DevCommandRefusedError(`the dev IdP refused: ${body.error}`);
        const done = body.active ? 'reactivated' : 'offboarded';
        ctx.io.stdout.write(`${body.user} ${done} in the dev IdP${body.changed ? '' : ' (it already was)'}.\n`);
        if (body.directory.pushed) {
          ctx.io.stdout.write(`The gateway was told over SCIM (user ${body.directory.id}, ${body.directory.change}).\n`);
        } else {
          ctx.io.stderr.write(`dev-offboard: the gateway was NOT told: ${body.directory.error}\n`);
          ctx.setExitCode(ExitCode.failure);
        }
      } catch (error) {
        ctx.io.stderr.write(
          `dev-offboard: ${error instanceof DevCommandRefusedError ? error.message : `failed: ${(error as Error).message}`}\n`,
        );
        ctx.setExitCode(ExitCode.failure);
      }
    });
}
