// The workflow-command protocol as the runner reads it: inputs, outputs, annotations, groups, summary, failure.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as wc from '../../src/action/workflow-commands.js';

let restore: (() => void) | undefined;
let dir = '';
afterEach(() => {
  restore?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const state = { failed: false };
  restore = wc.useSink({ env, write: (t) => void out.push(t), fail: () => void (state.failed = true) });
  return { text: () => out.join(''), state };
}

describe('workflow commands', () => {
  it('reads inputs as the runner passes them: upper-cased, spaces as _, dashes kept, trimmed', () => {
    capture({ 'INPUT_STATE-BRANCH': '  sop-state \n', INPUT_MY_INPUT: 'x' });
    expect(wc.getInput('state-branch')).toBe('sop-state');
    expect(wc.getInput('my input')).toBe('x');
    expect(wc.getInput('missing')).toBe('');
  });

  it('writes outputs to $GITHUB_OUTPUT in the delimited form, multi-line values intact', () => {
    dir = mkdtempSync(join(tmpdir(), 'sop-wc-'));
    const file = join(dir, 'out');
    writeFileSync(file, '');
    capture({ GITHUB_OUTPUT: file });
    wc.setOutput('run-id', 'run-20261126-abcdef');
    wc.setOutput('notes', 'line 1\nline 2');
    const parsed = [...readFileSync(file, 'utf8').matchAll(/^(.+?)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]);
    expect(parsed).toEqual([
      ['run-id', 'run-20261126-abcdef'],
      ['notes', 'line 1\nline 2'],
    ]);
  });

  it('escapes annotation messages and properties so a value cannot end the command early', () => {
    const c = capture();
    wc.warning('50% done\nnext line', { file: 'sops/a,b.md', startLine: 3, startColumn: 7, title: 'x: y' });
    expect(c.text()).toBe('::warning title=x%3A y,file=sops/a%2Cb.md,line=3,col=7::50%25 done%0Anext line\n');
  });

  it('opens and closes log groups, and setFailed fails the step with an error annotation', () => {
    const c = capture();
    wc.startGroup('Step 1/2: Build');
    wc.info('building');
    wc.endGroup();
    wc.setFailed('run failed');
    expect(c.text()).toBe('::group::Step 1/2: Build\nbuilding\n::endgroup::\n::error::run failed\n');
    expect(c.state.failed).toBe(true);
  });

  it('appends markdown to the job summary, and says when there is none', () => {
    dir = mkdtempSync(join(tmpdir(), 'sop-wc-'));
    const file = join(dir, 'summary.md');
    capture({ GITHUB_STEP_SUMMARY: file });
    expect(wc.appendSummary('## Run')).toBe(true);
    expect(wc.appendSummary('| a |\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('## Run\n| a |\n');
    capture({});
    expect(wc.appendSummary('x')).toBe(false);
  });
});
