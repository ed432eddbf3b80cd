/**
 * `autogen-gate`: the gateway's command line. One command per module under commands/, each
 * registered here; usage errors exit 2, everything else with the command's own code.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exitCodes.js';
import { processIo, type CliContext, type CliIo } from './context.js';
import { registerConfigCommand } from './commands/config.js';
import { registerDevTokenCommand } from './commands/devToken.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerRunCommands } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';
import { registerMaskCommand } from './commands/mask.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerEvidenceCommand } from './commands/evidence.js';
import { registerRetentionCommand } from './commands/retention.js';
import { registerSubjectCommand } from './commands/subject.js';
import { registerGeneratorsCommand } from './commands/generators.js';
import { registerApprovalsCommand } from './commands/approvals.js';
import { registerSessionsCommand } from './commands/sessions.js';
import { registerLoginCommands } from './commands/login.js';

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const ctx: CliContext = {
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = new Command('autogen-gate')
    .description('AutoGen Gate: the LGPD enforcement gateway in front of AutoGen, and its tools.')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();

  const commands: ReadonlyArray<(program: Command, ctx: CliContext) => void> = [
    registerServeCommand,
    registerPolicyCommand,
    registerConfigCommand,
    registerMaskCommand,
    registerDevTokenCommand,
    registerAuditCommand,
    registerEvidenceCommand,
    registerRetentionCommand,
    registerSubjectCommand,
    registerGeneratorsCommand,
    registerRunCommands,
    registerApprovalsCommand,
    registerSessionsCommand,
    registerLoginCommands,
  ];
  for (const register of commands) register(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
        return ExitCode.ok;
      return ExitCode.usage;
    }
    io.stderr.write(`autogen-gate: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.failure;
  }
  return exitCode;
}
