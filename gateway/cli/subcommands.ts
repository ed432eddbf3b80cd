/**
 * Commands whose default subcommand lists (`approvals`, `sessions`): a mistyped sibling such as
 * `approvals decid ID` reaches the listing as extra words, and is answered with the closest
 * subcommand rather than "too many arguments".
 */
import type { Command } from 'commander';
import { unknownNameMessage } from '../closestNames.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exitCodes.js';

/**
 * Makes `name` the default subcommand of `parent`, accepting the stray words (and the options
 * meant for the mistyped subcommand) that it then checks itself.
 */
export function listingSubcommand(parent: Command, name: string): Command {
  return parent.command(name, { isDefault: true }).allowExcessArguments(true).allowUnknownOption(true);
}

/** True (and the message written, exit 2) when the listing got words or options it does not know. */
export function refusedStrayWords(ctx: CliContext, listing: Command): boolean {
  const [first] = listing.args;
  if (first === undefined) return false;
  const word = listing.args.find((arg) => !arg.startsWith('-'));
  const parent = listing.parent;
  const known = parent ? parent.commands.map((command) => command.name()) : [];
  const message =
    word !== undefined && listing.args.indexOf(word) === 0
      ? unknownNameMessage(`${parent?.name() ?? ''} command`, word, known)
      : `unknown option ${first} (run with --help for usage)`;
  ctx.io.stderr.write(`autogen-gate: ${message}\n`);
  ctx.setExitCode(ExitCode.usage);
  return true;
}
