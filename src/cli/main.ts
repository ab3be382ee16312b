// The `sop` command: parse arguments, run one command, and report errors in one place.
import { errorMessage, UserError } from '../errors.js';
import { COMMANDS, parseCli, USAGE, type ParsedArgs } from './args.js';
import { listCommand, validateCommand } from './commands/catalog.js';
import { logsCommand, runsCommand, statusCommand, verifyCommand } from './commands/inspect.js';
import { decisionCommand, executeCommand, sweepCommand, cancelCommand } from './commands/run.js';
import { makeContext, type CliContext } from './context.js';
import type { CliIO } from './io.js';

/** `sop-list …` behaves as `sop list …` (the bin aliases of SPEC 1). */
export function aliasArgs(programPath: string | undefined, argv: string[]): string[] {
  const base = (programPath ?? '').split(/[\\/]/).pop() ?? '';
  const m = /^sop-([a-z]+)(?:\.[cm]?js)?$/.exec(base);
  // Only real commands: a program that merely starts with `sop-` (say `sop-engine`) is plain `sop`.
  const command = m?.[1];
  return command && command !== 'help' && (COMMANDS as readonly string[]).includes(command) ? [command, ...argv] : argv;
}

async function dispatch(ctx: CliContext, args: ParsedArgs): Promise<number> {
  const [first = ''] = args.positionals;
  switch (args.command) {
    case 'help':
      ctx.io.stdout.write(USAGE);
      return 0;
    case 'list':
      return listCommand(ctx);
    case 'validate':
      return validateCommand(ctx, args.positionals);
    case 'execute':
      return executeCommand(ctx, first);
    case 'approve':
    case 'reject':
    case 'done':
      return decisionCommand(ctx, args.command, first);
    case 'cancel':
      return cancelCommand(ctx, first);
    case 'status':
      return statusCommand(ctx, first);
    case 'runs':
      return runsCommand(ctx);
    case 'logs':
      return logsCommand(ctx, first);
    case 'verify':
      return verifyCommand(ctx, args.positionals);
    case 'sweep':
      return sweepCommand(ctx);
  }
}

/** Run the CLI; returns the exit status. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let ctx: CliContext | undefined;
  try {
    const args = parseCli(argv);
    ctx = await makeContext(io, args.options);
    return await dispatch(ctx, args);
  } catch (error) {
    const message = errorMessage(error);
    io.stderr.write(`sop: ${message}\n`);
    if (!(error instanceof UserError) && io.env['SOP_DEBUG'] && error instanceof Error) {
      io.stderr.write(`${error.stack ?? ''}\n`);
    }
    return 1;
  } finally {
    await ctx?.close().catch(() => undefined);
  }
}
