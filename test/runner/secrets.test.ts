// Secrets through the runner, real bash and a directory store: steps get them, nothing recorded holds them (SPEC 5.6).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStep } from '../../src/executor/run-step.js';
import { runCommand, startRun, type RunnerContext } from '../../src/runner/runner.js';
import { parseSop } from '../../src/sop/parse.js';
import { DirStore } from '../../src/store/dir-store.js';
import { cleanupTempRepos, makeTempDir } from '../support/git.js';
import { sopText, step } from '../cli/harness.js';

afterAll(cleanupTempRepos);

const DEPLOY_KEY = 'dk-7f3a9c\nsecond-line-4411';
const API_KEY = 'ak-"quoted"-5521';
const TOKEN = 'ghs_tokenvalue_99812';

const SECRETIVE = sopText(
  `name: secretive
description: prints its secrets
execution_mode: auto
secrets: [DEPLOY_KEY]
inputs:
  api_key: { secret: true, required: true, pattern: "ak-.*" }
  region: { default: eu }
  pin: { secret: true, default: "0000" }`,
  [
    step(1, 'Leak everything', [
      'echo "key: $DEPLOY_KEY"',
      'echo "line two alone: $(printf \'%s\\n\' "$DEPLOY_KEY" | tail -n 1)"',
      'echo "api: $SOP_PAYLOAD_API_KEY payload: $SOP_PAYLOAD"',
      'echo "token: ${GITHUB_TOKEN:-none}"',
      'echo "derived=prefix-$SOP_PAYLOAD_API_KEY" >> "$SOP_OUTPUT"',
      'echo "plain=ok" >> "$SOP_OUTPUT"',
      'printf "%s|%s|%s" "$DEPLOY_KEY" "$SOP_PAYLOAD_API_KEY" "${GITHUB_TOKEN:-none}" > "$SEEN_FILE"',
    ].join('\n')),
    step(2, 'Gate (requires approval)', [
      'echo "after the gate: api=${SOP_PAYLOAD_API_KEY-unset} pin=${SOP_PAYLOAD_PIN-unset} derived=$SOP_OUT_DERIVED key=$DEPLOY_KEY"',
      'printf "%s|%s|%s" "${SOP_PAYLOAD_API_KEY-unset}" "${SOP_PAYLOAD_PIN-unset}" "$SOP_PAYLOAD" > "$SEEN_FILE"',
    ].join('\n')),
  ],
);

async function rig(opts: { githubToken?: string; masked?: string[] } = {}) {
  const cwd = await makeTempDir('sop-secrets-');
  const stateDir = path.join(cwd, '.state');
  const seenFile = path.join(cwd, 'seen.txt');
  const ctx: RunnerContext = {
    store: new DirStore(stateDir),
    execute: runStep,
    cwd,
    env: { PATH: process.env['PATH'], DEPLOY_KEY, SEEN_FILE: seenFile },
    now: () => new Date('2026-11-26T09:00:00.000Z'),
    random: () => 0.5,
    ...(opts.githubToken ? { githubToken: opts.githubToken } : {}),
    hooks: { onSecrets: (pieces) => opts.masked?.push(...pieces) },
  };
  return { ctx, stateDir, seen: () => fs.readFile(seenFile, 'utf8') };
}

/** Every byte the store wrote, as one string. */
async function allStoredText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return parts.join('\n');
}

const SECRET_PIECES = [DEPLOY_KEY, 'dk-7f3a9c', 'second-line-4411', API_KEY, 'ak-\\"quoted\\"-5521', TOKEN];

function def(text = SECRETIVE) {
  const parsed = parseSop('sops/secretive.md', text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.sop;
}

describe('secrets through the runner', () => {
  it('a step sees a declared secret and a secret input, and no byte of either reaches the state, audit or log', async () => {
    const masked: string[] = [];
    const r = await rig({ masked });
    const out = await startRun(r.ctx, {
      def: def(), source: SECRETIVE, payload: { api_key: API_KEY, region: 'us' }, startedBy: 'alice', trigger: { type: 'manual' }, commit: null,
    });
    expect(out.state.status).toBe('pending_approval');
    expect(await r.seen()).toBe(`${DEPLOY_KEY}|${API_KEY}|none`);
    const stored = await allStoredText(r.stateDir);
    for (const piece of SECRET_PIECES) expect(stored).not.toContain(piece);
    expect(out.state.payload).toEqual({ api_key: '***', region: 'us', pin: '***' });
    expect(out.state.outputs['1']).toEqual({ derived: '***', plain: 'ok' });
    expect(stored).toContain('key: ***');
    expect(stored).toContain('line two alone: ***');
    // The live log is masked by the front end: it was handed every line of every secret.
    expect(masked).toEqual(expect.arrayContaining(['dk-7f3a9c', 'second-line-4411', API_KEY]));
  });

  it('a resumed step (another process) gets no value for a secret input, the default for one that has it, and never ***', async () => {
    const r = await rig();
    const first = await startRun(r.ctx, {
      def: def(), source: SECRETIVE, payload: { api_key: API_KEY }, startedBy: 'alice', trigger: { type: 'manual' }, commit: null,
    });
    const resumed = await runCommand(r.ctx, first.state.run_id, { type: 'command', command: 'approve', by: 'bob', at: '2026-11-26T09:00:01.000Z', issued_at: '2026-11-26T09:00:01.000Z', via: 'cli', ref: 'cli:1' });
    expect(resumed.state.status).toBe('completed');
    expect(await r.seen()).toBe('unset|0000|{"region":"eu","pin":"0000"}');
    const stored = await allStoredText(r.stateDir);
    expect(stored).toContain('derived=*** key=***');
    for (const piece of SECRET_PIECES) expect(stored).not.toContain(piece);
  });

  it('GITHUB_TOKEN reaches a step only with github_token: true, and is masked when printed', async () => {
    const without = await rig({ githubToken: TOKEN });
    await startRun(without.ctx, { def: def(), source: SECRETIVE, payload: { api_key: API_KEY }, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
    expect((await without.seen()).endsWith('|none')).toBe(true);

    const text = SECRETIVE.replace('secrets: [DEPLOY_KEY]', 'secrets: [DEPLOY_KEY]\ngithub_token: true');
    const withToken = await rig({ githubToken: TOKEN });
    await startRun(withToken.ctx, { def: def(text), source: text, payload: { api_key: API_KEY }, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
    expect((await withToken.seen()).endsWith(`|${TOKEN}`)).toBe(true);
    const stored = await allStoredText(withToken.stateDir);
    expect(stored).toContain('token: ***');
    expect(stored).not.toContain(TOKEN);
  });

  it('a secret input that fails its pattern is refused without quoting it; a non-secret input holding a secret is stored as ***', async () => {
    const r = await rig();
    const start = (payload: Record<string, unknown>) =>
      startRun(r.ctx, { def: def(), source: SECRETIVE, payload, startedBy: 'alice', trigger: { type: 'manual' }, commit: null });
    const refused = start({ api_key: 'wrong-hunter2' });
    await expect(refused).rejects.toThrow(/payload: "api_key" is secret and does not match pattern ak-\.\*/);
    await expect(refused).rejects.not.toThrow(/hunter2/);
    const out = await start({ api_key: API_KEY, region: `eu ${DEPLOY_KEY}` });
    expect(out.state.payload['region']).toBe('***');
  });
});
