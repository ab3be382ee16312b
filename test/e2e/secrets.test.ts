// Attack: a step runs `env` and echoes every secret it has; nothing the Action commits or sends to GitHub may hold one (SPEC 5.6).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commentEvent, dispatchEvent, type ActionResult } from '../support/action-harness.js';
import { shown, world, type World } from './world.js';

const run = promisify(execFile);

/** The token the harness passes as `github-token` (action-harness INPUT_DEFAULTS). */
const TOKEN = 'ghs_test-token';
const DEPLOY_KEY = 'deploy-key-8c1f2e\n-----second line 77ab-----';
const API_KEY = 'api-key-"4d9e"-secret';

function sop(name: string, githubToken: boolean): string {
  return `---
name: ${name}
description: A step that shows every secret it has
execution_mode: auto
secrets: [DEPLOY_KEY]
github_token: ${githubToken}
inputs:
  api_key: { description: "Key", secret: true, required: true }
---
# Leaky

## Step 1: Dump the environment
\`\`\`bash
env
echo "deploy key: $DEPLOY_KEY"
echo "api key: $SOP_PAYLOAD_API_KEY"
echo "the token: \${GITHUB_TOKEN:-none}"
echo "with_key=url://u:$SOP_PAYLOAD_API_KEY@host" >> "$SOP_OUTPUT"
echo "token_length=\${#GITHUB_TOKEN}" >> "$SOP_OUTPUT"
echo "input_vars=$(env | grep -c '^INPUT_' || true)" >> "$SOP_OUTPUT"
\`\`\`

## Step 2: Again, after a gate (requires approval)
\`\`\`bash
env
echo "deploy key: $DEPLOY_KEY api key: \${SOP_PAYLOAD_API_KEY-unset}"
echo "resumed_api_key=\${SOP_PAYLOAD_API_KEY-unset}" >> "$SOP_OUTPUT"
echo "resumed_token_length=\${#GITHUB_TOKEN}" >> "$SOP_OUTPUT"
\`\`\`
`;
}

/** Every blob and commit message reachable from origin's state branch, as one text. */
async function everythingCommitted(w: World): Promise<string> {
  const git = async (args: string[], input?: string): Promise<string> => {
    const p = run('git', args, { cwd: w.repo.origin, maxBuffer: 256 << 20 });
    if (input !== undefined) {
      p.child.stdin?.on('error', () => undefined);
      p.child.stdin?.end(input);
    }
    return (await p).stdout;
  };
  const objects = (await git(['rev-list', '--objects', 'refs/heads/sop-state'])).split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
  expect(objects.length).toBeGreaterThan(3);
  return git(['cat-file', '--batch'], `${objects.join('\n')}\n`);
}

const SECRET_TEXTS = [TOKEN, DEPLOY_KEY, 'deploy-key-8c1f2e', '-----second line 77ab-----', API_KEY, 'api-key-\\"4d9e\\"-secret'];

function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRET_TEXTS) expect(text.includes(secret), `${where} holds ${JSON.stringify(secret)}`).toBe(false);
}

async function startAndResume(w: World, name: string): Promise<{ started: ActionResult; resumed: ActionResult }> {
  const env = { DEPLOY_KEY };
  const started = await w.run(dispatchEvent({ sop: name, payload: JSON.stringify({ api_key: API_KEY }) }, 'alice'), { env });
  expect(started.code, shown(started)).toBe(0);
  expect(started.outputs['status']).toBe('pending_approval');
  const issue = Number(started.outputs['issue-number']);
  const resumed = await w.run(commentEvent(w.fake, issue, { login: 'bob', body: '/approve' }), { env });
  expect(resumed.code, shown(resumed)).toBe(0);
  expect(resumed.outputs['status']).toBe('completed');
  return { started, resumed };
}

describe('secrets never leave the runner', () => {
  it('a step that runs env and echoes a declared secret and a secret input leaves no byte of them, or of the token, on the state branch or at GitHub', async () => {
    const w = await world({ leaky: sop('leaky', false), trusted: sop('trusted', true) });
    const leaky = await startAndResume(w, 'leaky');
    const trusted = await startAndResume(w, 'trusted');

    // The steps did see the secrets: the job log (masked by the runner after ::add-mask::) shows them.
    for (const r of [leaky.started, trusted.started]) {
      expect(r.stdout).toContain(`deploy key: ${DEPLOY_KEY}`);
      expect(r.stdout).toContain(`api key: ${API_KEY}`);
      for (const line of ['deploy-key-8c1f2e', '-----second line 77ab-----', API_KEY]) expect(r.stdout).toContain(`::add-mask::${line}`);
      expect(r.stdout.indexOf(`::add-mask::${API_KEY}`)).toBeLessThan(r.stdout.indexOf(`api key: ${API_KEY}`));
    }
    // GITHUB_TOKEN only with github_token: true; never an INPUT_* variable.
    expect(leaky.started.stdout).toContain('the token: none');
    expect(trusted.started.stdout).toContain(`the token: ${TOKEN}`);

    const committed = await everythingCommitted(w);
    expectNoSecret('the state branch', committed);
    const sent = JSON.stringify(w.fake.requests.map((r) => r.body));
    expectNoSecret('the requests to GitHub', sent);
    for (const r of [leaky.started, leaky.resumed, trusted.started, trusted.resumed]) {
      expectNoSecret('the Action outputs', JSON.stringify(r.outputs));
      expectNoSecret('the step summary', r.summary);
    }

    // What was committed instead: *** in the log and state, the output that held a secret as *** whole.
    expect(committed).toContain('deploy key: ***');
    expect(committed).toContain('api key: ***');
    expect(committed).toContain('"api_key": "***"');
    expect(committed).toMatch(/"with_key": "\*\*\*"/);
    expect(committed).toContain('"input_vars": "0"');
    expect(committed).toContain('the token: ***');
    expect(committed).toContain('"token_length": "0"');
    expect(committed).toContain(`"token_length": "${TOKEN.length}"`);
    // A resumed step (a later workflow run) has no value for a secret input: unset, never ***.
    expect(committed).toContain('"resumed_api_key": "unset"');
    expect(committed).toContain('"resumed_token_length": "0"');
    expect(committed).toContain(`"resumed_token_length": "${TOKEN.length}"`);
  });
});
