// Tests for the step executor against real bash: exit status, output, outputs, timeouts, process groups, injection safety.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStep } from '../../src/executor/run-step.js';
import type { StepRequest } from '../../src/executor/types.js';

let dir: string;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'sop-exec-test-')));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(code: string, overrides: Partial<StepRequest> = {}): StepRequest {
  return {
    runId: 'run-20260101-abc123',
    sopName: 'demo',
    step: 1,
    stepTitle: 'Demo step',
    code,
    payload: {},
    outputs: {},
    cwd: dir,
    baseEnv: { PATH: process.env.PATH },
    timeoutMs: 30_000,
    ...overrides,
  };
}

/** Alive means running: a zombie left for an init that does not reap counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls (bounded) until the process is gone; returns whether it went. */
async function waitGone(pid: number, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

async function pidFrom(file: string): Promise<number> {
  const pid = Number((await readFile(file, 'utf8')).trim());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

describe('runStep: exit status', () => {
  it('reports success with exit code 0 and the output', async () => {
    const result = await runStep(request('echo hello'));
    expect(result).toMatchObject({ exit_code: 0, signal: null, timed_out: false, output: 'hello\n', outputs: {} });
    expect(result.error).toBeUndefined();
    expect(Number.isNaN(Date.parse(result.started_at))).toBe(false);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit code without rejecting', async () => {
    const result = await runStep(request('echo before; exit 7'));
    expect(result).toMatchObject({ exit_code: 7, timed_out: false, output: 'before\n' });
    expect(result.error).toBeUndefined();
  });

  it('stops at the first failing command (set -e)', async () => {
    const result = await runStep(request('echo one\nfalse\necho two'));
    expect(result.exit_code).toBe(1);
    expect(result.output).toBe('one\n');
  });

  it('fails a pipeline whose first command fails (pipefail)', async () => {
    const result = await runStep(request('false | true\necho after'));
    expect(result.exit_code).toBe(1);
    expect(result.output).toBe('');
  });
});

describe('runStep: output', () => {
  it('interleaves stdout and stderr in arrival order and streams every chunk', async () => {
    const ack = join(dir, 'ack');
    await mkdir(ack);
    // Each write waits until the executor has seen the previous one, so the expected order is certain.
    const code = [
      'echo a',
      'until [ -e "$ACK/1" ]; do sleep 0.01; done',
      'echo b >&2',
      'until [ -e "$ACK/2" ]; do sleep 0.01; done',
      'echo c',
    ].join('\n');
    let seen = '';
    const chunks: string[] = [];
    const result = await runStep(
      request(code, {
        baseEnv: { PATH: process.env.PATH, ACK: ack },
        onOutput: (chunk) => {
          chunks.push(chunk);
          seen += chunk;
          if (seen.includes('a\n')) writeFileSync(join(ack, '1'), '');
          if (seen.includes('b\n')) writeFileSync(join(ack, '2'), '');
        },
      }),
    );
    expect(result.exit_code).toBe(0);
    expect(result.output).toBe('a\nb\nc\n');
    expect(chunks.join('')).toBe(result.output);
  });

  it('decodes a UTF-8 character split across two chunks', async () => {
    const code = [
      "printf 'x\\xc3'",
      'until [ -e "$ACK" ]; do sleep 0.01; done',
      "printf '\\xa9y'",
    ].join('\n');
    const ackFile = join(dir, 'ack');
    const result = await runStep(
      request(code, {
        baseEnv: { PATH: process.env.PATH, ACK: ackFile },
        onOutput: () => writeFileSync(ackFile, ''),
      }),
    );
    expect(result.output).toBe('xéy');
  });

  it('keeps running when the onOutput callback throws', async () => {
    const result = await runStep(
      request('echo one; echo two', {
        onOutput: () => {
          throw new Error('display broke');
        },
      }),
    );
    expect(result).toMatchObject({ exit_code: 0, output: 'one\ntwo\n' });
  });
});

describe('runStep: outputs and environment', () => {
  it('reads key=value and heredoc outputs from $SOP_OUTPUT', async () => {
    const code = [
      'echo "artifact=dist.tgz" >> "$SOP_OUTPUT"',
      'echo "empty=" >> "$SOP_OUTPUT"',
      '{ echo "notes<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$SOP_OUTPUT"',
    ].join('\n');
    const result = await runStep(request(code));
    expect(result.outputs).toEqual({ artifact: 'dist.tgz', empty: '', notes: 'line 1\nline 2' });
    expect(result.error).toBeUndefined();
  });

  it('reports a malformed $SOP_OUTPUT as an error naming the line, never quoting it', async () => {
    const result = await runStep(request('printf "a=1\\nb=2\\nnot an output\\n" >> "$SOP_OUTPUT"'));
    expect(result.exit_code).toBe(0);
    expect(result.error).toMatch(/^step wrote a malformed \$SOP_OUTPUT: line 3 is neither `key=value` nor `key<<DELIM`/);
    expect(result.error).not.toContain('not an output');
  });

  it('a secret a step echoes into $SOP_OUTPUT by mistake never appears in the error', async () => {
    const result = await runStep(
      request('echo "$API_TOKEN" >> "$SOP_OUTPUT"', { baseEnv: { PATH: process.env.PATH, API_TOKEN: 'ghp_s3cr3tT0ken' } }),
    );
    expect(result.error).toContain('line 1');
    expect(result.error).not.toContain('s3cr3t');
  });

  it('gives each step a fresh private $SOP_OUTPUT file in the temp dir and removes it afterwards', async () => {
    const previous = process.env.RUNNER_TEMP;
    process.env.RUNNER_TEMP = dir;
    try {
      const first = await runStep(request('echo "$SOP_OUTPUT"; test ! -s "$SOP_OUTPUT"; stat -c %a "$SOP_OUTPUT"; echo x=1 >> "$SOP_OUTPUT"'));
      const second = await runStep(request('echo "$SOP_OUTPUT"; test ! -s "$SOP_OUTPUT"'));
      expect(first.exit_code).toBe(0);
      expect(second.exit_code).toBe(0);
      const [firstPath = '', mode] = first.output.trim().split('\n');
      expect(firstPath.startsWith(`${dir}/sop-output-`)).toBe(true);
      expect(mode).toBe('600');
      expect(first.outputs).toEqual({ x: '1' });
      expect(second.output.trim()).not.toBe(firstPath);
      expect(existsSync(firstPath)).toBe(false);
      expect(readdirSync(dir).filter((name) => name.startsWith('sop-output-'))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.RUNNER_TEMP;
      else process.env.RUNNER_TEMP = previous;
    }
  });

  it('treats a deleted $SOP_OUTPUT as no outputs', async () => {
    const result = await runStep(request('rm "$SOP_OUTPUT"'));
    expect(result).toMatchObject({ exit_code: 0, outputs: {} });
    expect(result.error).toBeUndefined();
  });

  it('runs in the requested working directory', async () => {
    const sub = join(dir, 'repo');
    await mkdir(sub);
    const result = await runStep(request('pwd', { cwd: sub }));
    expect(result.output).toBe(`${sub}\n`);
  });

  it('reports a missing working directory clearly instead of blaming bash', async () => {
    const missing = join(dir, 'nope');
    const result = await runStep(request('echo hi', { cwd: missing }));
    expect(result.exit_code).toBeNull();
    expect(result.output).toBe('');
    expect(result.error).toContain(`working directory ${missing} cannot be used`);
  });

  it('passes the SOP_* variables and the caller environment, without stale SOP_* from the caller', async () => {
    const code = 'printf "%s|" "$SOP_RUN_ID" "$SOP_NAME" "$SOP_STEP" "$SOP_STEP_TITLE" "$SOP_PAYLOAD_VERSION" "$SOP_OUT_ARTIFACT" "$MY_VAR" "${SOP_OUT_STALE-unset}"';
    const result = await runStep(
      request(code, {
        step: 3,
        payload: { version: 'v2' },
        outputs: { '1': { artifact: 'old' }, '2': { artifact: 'new' } },
        baseEnv: { PATH: process.env.PATH, MY_VAR: 'mine', SOP_OUT_STALE: 'stale' },
      }),
    );
    expect(result.output).toBe('run-20260101-abc123|demo|3|Demo step|v2|new|mine|unset|');
  });

  it('refuses a NUL byte in a payload value with a message naming the variable', async () => {
    const result = await runStep(request('echo hi', { payload: { bad: 'a\0b' } }));
    expect(result.output).toBe('');
    expect(result.error).toMatch(/^SOP_PAYLOAD_BAD contains a NUL byte/);
  });
});

describe('runStep: timeouts and process groups', () => {
  it('kills the whole process group when the timeout passes', async () => {
    const marker = join(dir, 'marker');
    const pidFile = join(dir, 'pid');
    const code = [
      '(sleep 30; touch "$MARKER") &',
      'echo $! > "$PIDFILE"',
      "bash -c 'sleep 100'",
    ].join('\n');
    const started = Date.now();
    const result = await runStep(
      request(code, { timeoutMs: 300, baseEnv: { PATH: process.env.PATH, MARKER: marker, PIDFILE: pidFile } }),
    );
    expect(result.timed_out).toBe(true);
    expect(result.exit_code).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    // Far below the 100 s the step would take without the timeout; generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    const grandchild = await pidFrom(pidFile);
    // Had only bash been killed, the grandchild would live on and touch the marker at 30 s.
    expect(await waitGone(grandchild, 20_000)).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('escalates to SIGKILL when the step ignores SIGTERM', async () => {
    const result = await runStep(request("trap '' TERM\nsleep 100", { timeoutMs: 200 }));
    expect(result.timed_out).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('does not time out a step that finishes in time', async () => {
    const result = await runStep(request('echo quick', { timeoutMs: 60_000 }));
    expect(result).toMatchObject({ timed_out: false, exit_code: 0 });
  });

  it('does not hang on a background child that keeps stdout open, and stops it', async () => {
    const pidFile = join(dir, 'pid');
    const started = Date.now();
    const result = await runStep(
      request('sleep 100 &\necho $! > "$PIDFILE"\necho done', { baseEnv: { PATH: process.env.PATH, PIDFILE: pidFile } }),
    );
    // Far below the background child's 100 s; generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result).toMatchObject({ exit_code: 0, timed_out: false, output: 'done\n' });
    expect(await waitGone(await pidFrom(pidFile), 20_000)).toBe(true);
  });
});

describe('runStep: injection safety', () => {
  const hostile = (target: string, victim: string): string[] => [
    `$(touch ${target})`,
    `\`touch ${target}\``,
    `; touch ${target}`,
    `; rm -rf ${victim}`,
    `"; touch ${target}; echo "`,
    `'; touch ${target}; echo '`,
    `' " \\ \\" \\' $HOME`,
    `line one\nline two\n$(touch ${target})`,
    `\${IFS}touch\${IFS}${target}`,
    `() { :; }; touch ${target}`,
    `-n`,
    `%s %d %n`,
  ];

  it('prints hostile payload values literally and never runs them', async () => {
    const target = join(dir, 'pwned');
    const victim = join(dir, 'victim');
    await mkdir(victim);
    for (const value of hostile(target, victim)) {
      const viaKey = await runStep(request('printf "%s" "$SOP_PAYLOAD_X"', { payload: { x: value } }));
      expect(viaKey.output).toBe(value);
      const viaEcho = await runStep(request('echo "$SOP_PAYLOAD_X"', { payload: { x: value } }));
      expect(viaEcho.exit_code).toBe(0);
      const viaJson = await runStep(request('printf "%s" "$SOP_PAYLOAD"', { payload: { x: value } }));
      expect(JSON.parse(viaJson.output)).toEqual({ x: value });
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(victim)).toBe(true);
  });

  it('derives safe variable names from hostile payload keys', async () => {
    const target = join(dir, 'pwned');
    const payload = { 'a;b': 'semi', [`$(touch ${target})`]: 'subst', 'x y': 'space' };
    const result = await runStep(
      request('printf "%s|" "$SOP_PAYLOAD_A_B" "$SOP_PAYLOAD_X_Y"; echo; env | grep "^SOP_PAYLOAD_" | cut -d= -f1 | sort', { payload }),
    );
    const [values, ...names] = result.output.split('\n');
    expect(values).toBe('semi|space|');
    for (const name of names.filter((n) => n !== '')) expect(name).toMatch(/^SOP_PAYLOAD_[A-Z0-9_]+$/);
    expect(names).toContain(`SOP_PAYLOAD___TOUCH_${target.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`);
    expect(existsSync(target)).toBe(false);
  });

  it('carries hostile outputs to a later step literally', async () => {
    const target = join(dir, 'pwned');
    const victim = join(dir, 'victim');
    await mkdir(victim);
    for (const value of hostile(target, victim)) {
      const writer = await runStep(
        request('printf "x<<SOP_EOF_7f3a\\n%s\\nSOP_EOF_7f3a\\n" "$SOP_PAYLOAD_X" >> "$SOP_OUTPUT"', { payload: { x: value } }),
      );
      expect(writer.outputs).toEqual({ x: value });
      const reader = await runStep(
        request('printf "%s" "$SOP_OUT_X"', { step: 2, outputs: { '1': writer.outputs } }),
      );
      expect(reader.output).toBe(value);
      const json = await runStep(request('printf "%s" "$SOP_OUTPUTS"', { step: 2, outputs: { '1': writer.outputs } }));
      expect(JSON.parse(json.output)).toEqual({ '1': { x: value } });
    }
    expect(existsSync(target)).toBe(false);
    expect(existsSync(victim)).toBe(true);
  });
});
