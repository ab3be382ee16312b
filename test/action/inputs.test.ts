// parseInputs: SPEC 5.1 defaults, parsing, and an actionable error for every bad input.
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/action/inputs.js';
import { UserError } from '../../src/errors.js';

function parse(values: Record<string, string>) {
  return parseInputs((name) => values[name] ?? '');
}

describe('parseInputs', () => {
  it('applies the SPEC defaults when nothing is set', () => {
    expect(parse({})).toEqual({
      command: 'auto',
      sop: undefined,
      payload: {},
      runId: undefined,
      reason: undefined,
      sopsDir: 'sops',
      stateBranch: 'sop-state',
      approvalChannel: 'issue',
      approverPermission: 'write',
      githubToken: '',
    });
  });

  it('reads every input, trimming and lower-casing the choices', () => {
    expect(
      parse({
        command: ' Reject ',
        sop: 'deploy-frontend',
        payload: ' {"version": "v1.2.3", "n": 2} ',
        'run-id': 'run-20261126-k3f9x2',
        reason: 'not today',
        'sops-dir': 'ops/sops',
        'state-branch': 'audit/sop-state',
        'approval-channel': 'pull-request',
        'approver-permission': 'MAINTAIN',
        'github-token': 'ghs_x',
      }),
    ).toEqual({
      command: 'reject',
      sop: 'deploy-frontend',
      payload: { version: 'v1.2.3', n: 2 },
      runId: 'run-20261126-k3f9x2',
      reason: 'not today',
      sopsDir: 'ops/sops',
      stateBranch: 'audit/sop-state',
      approvalChannel: 'pull-request',
      approverPermission: 'maintain',
      githubToken: 'ghs_x',
    });
  });

  it.each(['auto', 'execute', 'approve', 'reject', 'done', 'status', 'list', 'validate', 'sweep'])('accepts command %s', (command) => {
    expect(parse({ command }).command).toBe(command);
  });

  it.each(['triage', 'write', 'maintain', 'admin'])('accepts approver-permission %s', (p) => {
    expect(parse({ 'approver-permission': p }).approverPermission).toBe(p);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ command: 'deploy' }, /^with: command: "deploy" is not allowed; use one of auto, execute, approve, reject, done, cancel, status, list, validate, sweep$/],
    [{ payload: '{version: 1}' }, /^with: payload: is not valid JSON \(.+\); write a JSON object, for example: payload: '\{"version": "v1.2.3"\}'$/],
    [{ payload: '[1, 2]' }, /^with: payload: must be a JSON object, but it is an array; write a JSON object/],
    [{ payload: 'null' }, /^with: payload: must be a JSON object, but it is null;/],
    [{ payload: '"v1"' }, /^with: payload: must be a JSON object, but it is a string;/],
    [{ payload: '42' }, /^with: payload: must be a JSON object, but it is a number;/],
    [{ 'run-id': 'latest' }, /^with: run-id: "latest" is not a run id; run ids look like run-20261126-k3f9x2/],
    [{ 'run-id': 'run-20261326-k3f9x2' }, /^with: run-id: "run-20261326-k3f9x2" is not a run id/],
    [{ 'run-id': '../../etc/passwd' }, /^with: run-id: .* is not a run id/],
    [{ 'state-branch': 'sop state' }, /^with: state-branch: "sop state" is not a usable branch name \(it contains whitespace\); use a name like sop-state$/],
    [{ 'state-branch': 'a..b' }, /^with: state-branch: "a..b" is not a usable branch name \(it contains "\.\."\)/],
    [{ 'state-branch': '-x' }, /^with: state-branch: "-x" is not a usable branch name \(it starts with "-"\)/],
    [{ 'state-branch': 'sop:state' }, /^with: state-branch: "sop:state" is not a usable branch name/],
    [{ 'state-branch': 'state.lock' }, /^with: state-branch: "state.lock" is not a usable branch name/],
    [{ 'approval-channel': 'email' }, /^with: approval-channel: "email" is not allowed; use one of issue, pull-request$/],
    [{ 'approver-permission': 'read' }, /^with: approver-permission: "read" is not allowed; use one of triage, write, maintain, admin$/],
  ])('refuses %o', (values, message) => {
    expect(() => parse(values)).toThrow(message);
    expect(() => parse(values)).toThrow(UserError);
  });
});
