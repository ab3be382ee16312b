// Why a command was refused, in words a person acts on: shared by replies on GitHub and the CLI.
import type { RefusalRule } from '../engine/types.js';

/**
 * One phrase per refusal rule (SPEC 5.5; `state`: the run does not wait for that command). The audit keeps the
 * rule number in `details.rule`; people read these words instead of "rule 4".
 */
export const REFUSAL_WHY: Readonly<Record<RefusalRule, string>> = {
  1: 'commands from bots are ignored',
  2: 'your repository permission is below the one approvers need (the approver-permission input)',
  3: 'you are not listed in approval.approvers, nor a member of a team it names',
  4: 'you started this run and self-approval is off (approval.allow_self_approval: false)',
  5: 'the command is not for the wait this run has open now (it names another run or step, or was given before this wait opened)',
  state: 'the run is not waiting for this command',
};

/** The phrase for a rule as the audit stores it (a number 1–5 or `state`). */
export function refusalWhy(rule: RefusalRule | number | string): string {
  return (REFUSAL_WHY as Record<string, string | undefined>)[String(rule)] ?? 'the command is not allowed now';
}
