import { describe, expect, it } from 'vitest';
import { parseRepo } from '../../src/github/repo.js';

describe('parseRepo', () => {
  it('splits owner/name', () => {
    expect(parseRepo('octo-org/deploys')).toEqual({ owner: 'octo-org', repo: 'deploys' });
    expect(parseRepo(' a.b/c_d-e ')).toEqual({ owner: 'a.b', repo: 'c_d-e' });
  });

  it.each(['', 'deploys', 'a/b/c', '/b', 'a/', 'a b/c'])('rejects %j with a hint', (text) => {
    expect(() => parseRepo(text)).toThrow(/expected "owner\/name"/);
  });
});
