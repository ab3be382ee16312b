// Runs one step's code under bash (SPEC 3.3) in its own process group and reports what happened.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { buildStepEnv } from './env.js';
import { parseOutputFile } from './output-file.js';
import { groupAlive, signalGroup } from './process-group.js';
import type { StepExecutor, StepRequest, StepResult } from './types.js';

/** How long a process group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** How long stdout/stderr may stay open after bash exited (a background child holding them) before the group is stopped. */
const PIPE_GRACE_MS = 500;
/** How often a terminated group is checked for survivors before the SIGKILL grace runs out. */
const POLL_MS = 25;
/** setTimeout fires at once for delays above 2^31-1 ms, so longer timeouts are capped (~24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

type ProcessOutcome = Pick<StepResult, 'exit_code' | 'signal' | 'timed_out' | 'output' | 'error'>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A spawn with a missing cwd fails as "spawn bash ENOENT", which blames bash; say what is really wrong. */
async function cwdProblem(cwd: string): Promise<string | undefined> {
  try {
    if ((await stat(cwd)).isDirectory()) return undefined;
    return `the step's working directory ${cwd} is not a directory; run the SOP from the repository root`;
  } catch (error) {
    return `the step's working directory ${cwd} cannot be used (${message(error)}); run the SOP from an existing repository root`;
  }
}

/** An environment value with a NUL byte makes spawn throw; name the variable so the user knows which value to fix. */
function nulProblem(env: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(env)) {
    if (value.includes('\0')) {
      return `${name} contains a NUL byte, which an environment variable cannot carry; remove it from the payload or the earlier step's output`;
    }
  }
  return undefined;
}

function timerDelay(timeoutMs: number): number | undefined {
  if (!Number.isFinite(timeoutMs)) return undefined;
  return Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS);
}

/** Spawns bash, streams its output, enforces the timeout and never leaves the promise hanging on a stray grandchild. */
function execute(req: StepRequest, env: Record<string, string>): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', req.code], {
        cwd: req.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group, so a timeout can kill `sleep 100 &` and other grandchildren too.
        detached: true,
      });
    } catch (error) {
      resolve({ exit_code: null, signal: null, timed_out: false, output: '', error: `could not start bash: ${message(error)}` });
      return;
    }

    const chunks: string[] = [];
    let onOutput = req.onOutput;
    const emit = (text: string): void => {
      if (text === '') return;
      chunks.push(text);
      try {
        onOutput?.(text);
      } catch {
        // A faulty display callback must not kill the step or crash the process; stop calling it.
        onOutput = undefined;
      }
    };
    const decoders: StringDecoder[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      // One decoder per stream: a multi-byte character split across chunks is joined, not mangled.
      const decoder = new StringDecoder('utf8');
      decoders.push(decoder);
      stream.on('data', (chunk: Buffer) => emit(decoder.write(chunk)));
      stream.on('end', () => emit(decoder.end()));
    }

    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let spawnError: string | undefined;
    let timedOut = false;
    let exited = false;
    let closed = false;
    let settled = false;
    let polling = false;
    let escalation: 'none' | 'term' | 'kill' = 'none';
    const timers: NodeJS.Timeout[] = [];
    const pid = child.pid;

    const settle = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      for (const decoder of decoders) emit(decoder.end());
      resolve({ exit_code: exitCode, signal: exitSignal, timed_out: timedOut, output: chunks.join(''), error: spawnError });
    };
    const maybeSettle = (): void => {
      if (!closed) return;
      // After SIGTERM, survivors that do not hold our pipes still get their SIGKILL before we report.
      if (escalation === 'term' && pid !== undefined && groupAlive(pid)) {
        if (!polling) {
          polling = true;
          timers.push(setInterval(maybeSettle, POLL_MS));
        }
        return;
      }
      settle();
    };
    const stopGroup = (): void => {
      if (escalation !== 'none' || pid === undefined) return;
      escalation = 'term';
      signalGroup(pid, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          escalation = 'kill';
          signalGroup(pid, 'SIGKILL');
          // A holder that escaped the group (setsid) would keep the pipes open forever; stop reading them.
          child.stdout?.destroy();
          child.stderr?.destroy();
          maybeSettle();
        }, KILL_GRACE_MS),
      );
    };

    child.on('error', (error) => {
      // Emitted when bash cannot be started at all; no 'exit' follows, and 'close' may not either.
      spawnError = `could not start bash: ${error.message}; make sure bash is installed and on PATH`;
      if (child.pid === undefined) {
        closed = true;
        settle();
      }
    });
    child.on('exit', (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      timers.push(setTimeout(stopGroup, PIPE_GRACE_MS));
    });
    child.on('close', () => {
      closed = true;
      maybeSettle();
    });

    const delay = timerDelay(req.timeoutMs);
    if (delay !== undefined) {
      timers.push(
        setTimeout(() => {
          // Once bash has exited the step has finished in time; a stray pipe holder is the pipe grace's business.
          if (exited) return;
          timedOut = true;
          stopGroup();
        }, delay),
      );
    }
  });
}

function tempRoot(): string {
  const runnerTemp = process.env.RUNNER_TEMP;
  return runnerTemp !== undefined && runnerTemp !== '' ? runnerTemp : tmpdir();
}

export const runStep: StepExecutor = async (req) => {
  const startedAt = new Date();
  const t0 = performance.now();
  const result = (outcome: Partial<StepResult>): StepResult => ({
    exit_code: null,
    signal: null,
    timed_out: false,
    output: '',
    outputs: {},
    ...outcome,
    started_at: startedAt.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
  });

  // A fresh private file straight in the temp folder (like mkstemp): creating a folder around it
  // would cost two more directory updates per step, which are slow on busy temp folders.
  const outputFile = join(tempRoot(), `sop-output-${randomBytes(12).toString('hex')}`);
  try {
    await writeFile(outputFile, '', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    return result({
      error: `could not create the $SOP_OUTPUT file under ${tempRoot()} (${message(error)}); set RUNNER_TEMP or TMPDIR to a writable directory`,
    });
  }
  try {
    let env: Record<string, string>;
    try {
      env = buildStepEnv(req, outputFile);
    } catch (error) {
      return result({ error: `could not pass the payload to the step: ${message(error)}` });
    }
    const badEnv = nulProblem(env);
    if (badEnv !== undefined) return result({ error: badEnv });

    const outcome = await execute(req, env);
    if (outcome.error !== undefined) {
      // Only looked into when bash could not start: a missing cwd fails as "spawn bash ENOENT", which blames bash.
      const badCwd = await cwdProblem(req.cwd);
      return result(badCwd === undefined ? outcome : { error: badCwd });
    }

    // A step that deleted its $SOP_OUTPUT simply wrote no outputs.
    const written = await readFile(outputFile, 'utf8').catch(() => '');
    const parsed = parseOutputFile(written);
    if (!parsed.ok) return result({ ...outcome, error: `step wrote a malformed $SOP_OUTPUT: ${parsed.error}` });
    return result({ ...outcome, outputs: parsed.outputs });
  } catch (error) {
    return result({ error: `could not run the step: ${message(error)}` });
  } finally {
    // The step may have removed or replaced the file; either way nothing of ours is left behind.
    await rm(outputFile, { force: true, recursive: true }).catch(() => undefined);
  }
};
