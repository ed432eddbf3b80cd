/** The people-facing CLI commands run in-process against a real gateway, as one of the dev accounts. */
import { join } from 'node:path';
import { runCli, type CliRun } from '../../support/cli.js';
import type { Harness } from '../../support/gatewayHarness.js';

export type CliAs = (user: string | undefined, args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<CliRun>;

/**
 * `autogen-gate ARGS` with the user's dev token in AUTOGEN_GATE_TOKEN (none for `undefined`),
 * the harness gateway in AUTOGEN_GATE_URL, and a config home of the test's own, so a login of
 * the person running the tests is never read.
 */
export function cliAs(harness: Harness): CliAs {
  return async (user, args, env = {}) =>
    runCli(args, {
      env: {
        AUTOGEN_GATE_URL: harness.gateway.url,
        XDG_CONFIG_HOME: join(harness.dir, 'config-home'),
        ...(user === undefined ? {} : { AUTOGEN_GATE_TOKEN: await harness.token(user) }),
        ...env,
      },
    });
}
