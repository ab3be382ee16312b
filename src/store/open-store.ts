// Turn a state location (`git:<branch>`, `dir:<path>`, SOP_STATE, the default) into a store.
import os from 'node:os';
import path from 'node:path';
import { DirStore } from './dir-store.js';
import { runGit } from './git-exec.js';
import { GitStore } from './git-store.js';
import type { StateStore } from './types.js';

export type StateLocation = { kind: 'git'; branch: string } | { kind: 'dir'; path: string };

const USAGE = 'use git:<branch> (e.g. git:sop-state) or dir:<path> (e.g. dir:~/.sop)';

export function parseStateLocation(spec: string): StateLocation {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? '' : trimmed.slice(0, colon);
  const rest = colon < 0 ? '' : trimmed.slice(colon + 1);
  if (kind === 'git') {
    if (rest === '') throw new Error(`state location ${JSON.stringify(spec)} names no branch; ${USAGE}`);
    return { kind: 'git', branch: rest };
  }
  if (kind === 'dir') {
    if (rest === '') throw new Error(`state location ${JSON.stringify(spec)} names no folder; ${USAGE}`);
    return { kind: 'dir', path: rest };
  }
  throw new Error(`unknown state location ${JSON.stringify(spec)}; ${USAGE}`);
}

/** `~` and `~/…` mean the home folder; relative paths are relative to `cwd`. */
export function expandPath(p: string, cwd: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return path.resolve(cwd, p);
}

export interface OpenStoreOptions {
  cwd: string;
  /** Git stores only: push every write to this remote (e.g. `origin`). */
  remote?: string;
  authorName?: string;
  authorEmail?: string;
  /** The caller already knows `cwd` is inside a git repository (saves a git process). */
  insideRepository?: boolean;
}

export async function openStore(spec: string, options: OpenStoreOptions): Promise<StateStore> {
  const location = parseStateLocation(spec);
  if (location.kind === 'dir') return new DirStore(expandPath(location.path, options.cwd));
  if (!options.insideRepository) await requireRepository(spec, options.cwd);
  return new GitStore({
    repoDir: options.cwd,
    branch: location.branch,
    ...(options.remote === undefined ? {} : { remote: options.remote }),
    ...(options.authorName === undefined ? {} : { authorName: options.authorName }),
    ...(options.authorEmail === undefined ? {} : { authorEmail: options.authorEmail }),
  });
}

async function requireRepository(spec: string, cwd: string): Promise<void> {
  const options = { cwd };
  const inside = await runGit(options.cwd, ['rev-parse', '--git-dir']).catch((error: unknown) => ({ code: 1, stdout: '', stderr: String((error as Error)?.message ?? error) }));
  if (inside.code !== 0) {
    throw new Error(`--state ${spec} needs a git repository, but ${options.cwd} is not inside one; run from the repository, or use --state dir:<path>`);
  }
}

/**
 * SOP_STATE if set; else `git:sop-state` inside a git work tree; else `dir:~/.sop`.
 * `insideWorkTree` saves asking git when the caller already knows.
 */
export async function defaultStateSpec(cwd: string, env: NodeJS.ProcessEnv, insideWorkTree?: boolean): Promise<string> {
  const fromEnv = env.SOP_STATE?.trim();
  if (fromEnv) return fromEnv;
  let inside = insideWorkTree;
  if (inside === undefined) {
    const result = await runGit(cwd, ['rev-parse', '--is-inside-work-tree']).catch(() => null);
    inside = result !== null && result.code === 0 && result.stdout.trim() === 'true';
  }
  if (inside) return 'git:sop-state';
  return `dir:${path.join(env['HOME'] || os.homedir(), '.sop')}`;
}
