// Command-line parsing: one table of options, typed results, usage errors that say what to type.
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';

export const COMMANDS = [
  'list',
  'validate',
  'execute',
  'approve',
  'reject',
  'done',
  'cancel',
  'status',
  'runs',
  'logs',
  'verify',
  'sweep',
  'help',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  dir: string;
  state?: string;
  json: boolean;
  as?: string;
  payload?: string;
  comment?: string;
  reason?: string;
  sop?: string;
  status?: string;
  step?: number;
}

export interface ParsedArgs {
  command: CommandName;
  positionals: string[];
  options: CliOptions;
}

export const USAGE = `Usage: sop <command> [options]

Commands:
  sop list [--json]                              SOPs in the folder (and files with errors)
  sop validate [PATH...]                         check SOP files or folders; exit 1 on any error
  sop execute <name> [--payload JSON] [--as USER] start a run; runs steps until a gate or the end
  sop approve <run-id> [--step N] [--as USER] [--comment TEXT]
  sop reject <run-id> --reason TEXT [--step N] [--as USER]
  sop done <run-id> [--step N] [--as USER]        confirm a manual step
  sop cancel <run-id> [--as USER] [--reason TEXT] end a waiting or running run as cancelled
  sop status <run-id> [--json]
  sop runs [--sop NAME] [--status STATUS] [--json]
  sop logs <run-id> [--step N]
  sop verify [<run-id>...]                       check the audit hash chains
  sop sweep                                      end gates past their approval.timeout

Options for every command:
  --dir PATH      where SOP files live (default: sops)
  --state SPEC    git:<branch> (default inside a git work tree: git:sop-state) or dir:<path>
                  (default outside one: ~/.sop); env SOP_STATE sets the default
`;

const ARITY: Record<CommandName, { min: number; max: number; usage: string }> = {
  list: { min: 0, max: 0, usage: 'sop list [--json]' },
  validate: { min: 0, max: Infinity, usage: 'sop validate [PATH...]' },
  execute: { min: 1, max: 1, usage: 'sop execute <name> [--payload JSON] [--as USER]' },
  approve: { min: 1, max: 1, usage: 'sop approve <run-id> [--step N] [--as USER] [--comment TEXT]' },
  reject: { min: 1, max: 1, usage: 'sop reject <run-id> --reason TEXT [--step N] [--as USER]' },
  done: { min: 1, max: 1, usage: 'sop done <run-id> [--step N] [--as USER]' },
  cancel: { min: 1, max: 1, usage: 'sop cancel <run-id> [--as USER] [--reason TEXT]' },
  status: { min: 1, max: 1, usage: 'sop status <run-id> [--json]' },
  runs: { min: 0, max: 0, usage: 'sop runs [--sop NAME] [--status STATUS] [--json]' },
  logs: { min: 1, max: 1, usage: 'sop logs <run-id> [--step N]' },
  verify: { min: 0, max: Infinity, usage: 'sop verify [<run-id>...]' },
  sweep: { min: 0, max: 0, usage: 'sop sweep' },
  help: { min: 0, max: 1, usage: 'sop help [command]' },
};

const OPTION_NAMES = ['json', 'as', 'payload', 'comment', 'reason', 'sop', 'status', 'step'] as const;
type OptionName = (typeof OPTION_NAMES)[number];

/** Options each command takes besides --dir and --state (SPEC 6); any other is a usage error, not silently ignored. */
const OPTIONS: Record<CommandName, readonly OptionName[]> = {
  list: ['json'],
  validate: [],
  execute: ['payload', 'as'],
  approve: ['as', 'comment', 'step'],
  reject: ['reason', 'as', 'step'],
  done: ['as', 'step'],
  cancel: ['as', 'reason'],
  status: ['json'],
  runs: ['sop', 'status', 'json'],
  logs: ['step'],
  verify: [],
  sweep: [],
  help: [],
};

export function parseCli(argv: string[]): ParsedArgs {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: 'string' },
        state: { type: 'string' },
        json: { type: 'boolean' },
        as: { type: 'string' },
        payload: { type: 'string' },
        comment: { type: 'string' },
        reason: { type: 'string' },
        sop: { type: 'string' },
        status: { type: 'string' },
        step: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]}; see \`sop help\``);
  }
  const [word, ...rest] = positionals;
  if (values.help || word === undefined) return { command: 'help', positionals: word ? [word] : [], options: { dir: 'sops', json: false } };
  if (!(COMMANDS as readonly string[]).includes(word)) {
    throw new UserError(`unknown command "${word}"; commands: ${COMMANDS.filter((c) => c !== 'help').join(', ')}`);
  }
  const command = word as CommandName;
  const arity = ARITY[command];
  const allowed: readonly string[] = OPTIONS[command];
  const stray = OPTION_NAMES.find((name) => values[name] !== undefined && !allowed.includes(name));
  if (stray !== undefined) throw new UserError(`sop ${command} does not take --${stray}; usage: ${arity.usage}`);
  if (rest.length < arity.min || rest.length > arity.max) {
    throw new UserError(`usage: ${arity.usage}`);
  }
  let step: number | undefined;
  if (values.step !== undefined) {
    step = Number(values.step);
    if (!Number.isInteger(step) || step < 1) throw new UserError(`--step takes a step number (1, 2, …), not "${values.step}"`);
  }
  const options: CliOptions = {
    dir: values.dir ?? 'sops',
    json: values.json ?? false,
    ...(values.state !== undefined && { state: values.state }),
    ...(values.as !== undefined && { as: values.as }),
    ...(values.payload !== undefined && { payload: values.payload }),
    ...(values.comment !== undefined && { comment: values.comment }),
    ...(values.reason !== undefined && { reason: values.reason }),
    ...(values.sop !== undefined && { sop: values.sop }),
    ...(values.status !== undefined && { status: values.status }),
    ...(step !== undefined && { step }),
  };
  return { command, positionals: rest, options };
}
