// The environment a GitHub runner gives an action, read once into a typed value.
import { readFile } from 'node:fs/promises';
import { clockFrom } from '../clock.js';
import { UserError } from '../errors.js';
import { parseRepo, type RepoRef } from '../github/repo.js';

export interface RunnerEnv {
  eventName: string;
  /** Parsed GITHUB_EVENT_PATH (an empty object when the file is absent). */
  payload: unknown;
  repository: string;
  repo: RepoRef;
  workspace: string;
  sha: string | null;
  /** GITHUB_REF, e.g. refs/heads/main. */
  ref: string | null;
  runId: string;
  actor: string;
  serverUrl: string;
  apiUrl: string;
  /** The repository's default branch, from the event's `repository` (null when the event has none). */
  defaultBranch: string | null;
  /**
   * The clock. SOP_ENGINE_CLOCK (an ISO time) freezes it for the whole process (src/clock.ts): the end-to-end
   * tests share one clock between the Action and their fake GitHub, so ordering never depends on machine speed.
   */
  now(): Date;
}

function defaultBranchOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const repository = (payload as { repository?: unknown }).repository;
  if (typeof repository !== 'object' || repository === null) return null;
  const branch = (repository as { default_branch?: unknown }).default_branch;
  return typeof branch === 'string' && branch.trim() !== '' ? branch : null;
}

export async function readRunnerEnv(env: NodeJS.ProcessEnv): Promise<RunnerEnv> {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new UserError(`${name} is not set: sop-engine runs as a step of a GitHub Actions job`);
    return value;
  };
  const repository = need('GITHUB_REPOSITORY');
  let payload: unknown = {};
  const path = env['GITHUB_EVENT_PATH'];
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UserError(`cannot read the event payload at GITHUB_EVENT_PATH=${path}: ${(error as Error).message}`);
    }
    try {
      payload = JSON.parse(text);
    } catch (error) {
      throw new UserError(`the event payload at ${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  return {
    eventName: need('GITHUB_EVENT_NAME'),
    payload,
    repository,
    repo: parseRepo(repository),
    workspace: env['GITHUB_WORKSPACE'] ?? process.cwd(),
    sha: env['GITHUB_SHA'] ?? null,
    ref: env['GITHUB_REF'] ?? null,
    runId: env['GITHUB_RUN_ID'] ?? '0',
    actor: env['GITHUB_ACTOR'] ?? 'unknown',
    serverUrl: (env['GITHUB_SERVER_URL'] ?? 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env['GITHUB_API_URL'] ?? 'https://api.github.com').replace(/\/+$/, ''),
    defaultBranch: defaultBranchOf(payload),
    now: clockFrom(env),
  };
}
