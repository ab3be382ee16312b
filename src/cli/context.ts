// Per-invocation CLI context: where SOPs and state live, who is acting, and the runner wiring.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { RunnerRef } from '../engine/state-format.js';
import { runStep } from '../executor/run-step.js';
import type { RunnerContext, RunnerHooks } from '../runner/runner.js';
import { gitUserName, repoRoot } from '../runner/git-info.js';
import { defaultStateSpec, openStore } from '../store/open-store.js';
import type { StateStore } from '../store/types.js';
import type { CliOptions } from './args.js';
import type { CliIO } from './io.js';

export interface CliContext {
  io: CliIO;
  opts: CliOptions;
  /** Repository root (or the current folder outside git): steps run here. */
  root: string;
  /** The SOP folder, absolute. */
  sopsDir: string;
  store(): Promise<StateStore>;
  runner(hooks?: RunnerHooks): Promise<RunnerContext>;
  /** `--as`, else git user.name, else $USER. */
  identity(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A step claimed by a CLI process on this host whose pid no longer exists has lost its runner (a double
 * Ctrl-C, a killed terminal). Claims from other hosts or from Actions cannot be checked from here.
 */
export function cliRunnerGone(ref: RunnerRef): string | null {
  if (ref.kind !== 'cli' || ref.host !== hostname() || ref.pid === process.pid) return null;
  return pidAlive(ref.pid) ? null : `process ${ref.pid} on ${ref.host} is gone`;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function makeContext(io: CliIO, opts: CliOptions): Promise<CliContext> {
  const top = await repoRoot(io.cwd);
  const root = top ?? io.cwd;
  let store: Promise<StateStore> | undefined;
  const getStore = (): Promise<StateStore> => {
    store ??= (async () =>
      openStore(opts.state ?? (await defaultStateSpec(io.cwd, io.env, top !== null)), {
        cwd: root,
        insideRepository: top !== null,
      }))();
    return store;
  };
  return {
    io,
    opts,
    root,
    sopsDir: resolve(io.cwd, opts.dir),
    store: getStore,
    async runner(hooks) {
      return {
        store: await getStore(),
        execute: runStep,
        cwd: root,
        env: io.env,
        // Steps of a `github_token: true` SOP get the caller's GITHUB_TOKEN; others never see it (SPEC 5.6).
        ...(io.env['GITHUB_TOKEN'] ? { githubToken: io.env['GITHUB_TOKEN'] } : {}),
        now: io.now,
        random: io.random,
        runner: { kind: 'cli', host: hostname(), pid: process.pid },
        runnerGone: async (ref) => cliRunnerGone(ref),
        ...(hooks ? { hooks } : {}),
      };
    },
    async identity() {
      const who = opts.as ?? (await gitUserName(io.cwd, io.env)) ?? io.env['USER'];
      if (!who) throw new Error('cannot tell who you are: pass --as USER (or set git user.name)');
      return who;
    },
    async close() {
      if (store) await (await store).close();
    },
  };
}
