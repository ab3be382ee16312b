// Parsing state locations and opening the matching store; the default location.
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirStore } from '../../src/store/dir-store.js';
import { GitStore } from '../../src/store/git-store.js';
import { defaultStateSpec, openStore, parseStateLocation } from '../../src/store/open-store.js';
import { cleanupTempRepos, makeTempDir, makeTempRepo } from '../support/git.js';
import { makeWrite } from './fixtures.js';

afterAll(cleanupTempRepos);

describe('parseStateLocation', () => {
  it('reads git:<branch> and dir:<path>', () => {
    expect(parseStateLocation('git:sop-state')).toEqual({ kind: 'git', branch: 'sop-state' });
    expect(parseStateLocation('dir:~/.sop')).toEqual({ kind: 'dir', path: '~/.sop' });
    expect(parseStateLocation('dir:C:/x')).toEqual({ kind: 'dir', path: 'C:/x' });
  });

  it('explains what is wrong otherwise', () => {
    expect(() => parseStateLocation('sop-state')).toThrow('unknown state location "sop-state"; use git:<branch> (e.g. git:sop-state) or dir:<path>');
    expect(() => parseStateLocation('s3:bucket')).toThrow('unknown state location');
    expect(() => parseStateLocation('git:')).toThrow('names no branch');
    expect(() => parseStateLocation('dir:')).toThrow('names no folder');
  });
});

describe('openStore', () => {
  it('opens a git store on the named branch', async () => {
    const repo = await makeTempRepo();
    const store = await openStore('git:audit/state', { cwd: repo.dir });
    expect(store).toBeInstanceOf(GitStore);
    expect(store.description).toBe('git:audit/state');
    await store.put('run-20261126-k3f9x2', null, makeWrite('run-20261126-k3f9x2', 'run started'));
    await store.close();
    expect(await repo.git('log', '-1', '--format=%s', 'audit/state')).toBe('sop(run-20261126-k3f9x2): run started');
  });

  it('refuses git: outside a repository, saying what to do', async () => {
    const dir = await makeTempDir();
    await expect(openStore('git:sop-state', { cwd: dir })).rejects.toThrow('is not inside one; run from the repository, or use --state dir:<path>');
  });

  it('opens a directory store, relative to cwd or under ~', async () => {
    const dir = await makeTempDir();
    const store = await openStore('dir:state', { cwd: dir });
    expect(store).toBeInstanceOf(DirStore);
    expect(store.description).toBe(`dir:${path.join(dir, 'state')}`);
    expect((await openStore('dir:~/.sop', { cwd: dir })).description).toBe(`dir:${path.join(os.homedir(), '.sop')}`);
  });
});

describe('defaultStateSpec', () => {
  it('prefers SOP_STATE', async () => {
    expect(await defaultStateSpec('/', { SOP_STATE: 'dir:/tmp/x' })).toBe('dir:/tmp/x');
  });

  it('is git:sop-state inside a work tree and dir:~/.sop outside one', async () => {
    const repo = await makeTempRepo();
    expect(await defaultStateSpec(repo.dir, {})).toBe('git:sop-state');
    const dir = await makeTempDir();
    expect(await defaultStateSpec(dir, {})).toBe(`dir:${path.join(os.homedir(), '.sop')}`);
  });
});
