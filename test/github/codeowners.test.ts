// CODEOWNERS: GitHub's glob rules, last match wins, users and teams, and the errors when nothing owns an SOP.
import { describe, expect, it } from 'vitest';
import { codeownersProblems, compilePattern, expandApprovers, ownersFor, parseCodeowners } from '../../src/github/codeowners.js';

function matches(pattern: string, path: string): boolean {
  return compilePattern(pattern).test(path);
}

describe('CODEOWNERS patterns (GitHub glob rules)', () => {
  it('a bare file glob matches at any depth', () => {
    expect(matches('*.md', 'sops/deploy.md')).toBe(true);
    expect(matches('*.md', 'README.md')).toBe(true);
    expect(matches('*.js', 'sops/deploy.md')).toBe(false);
  });

  it('a leading slash anchors at the root; a trailing slash owns everything inside the folder', () => {
    expect(matches('/sops/', 'sops/deploy.md')).toBe(true);
    expect(matches('/sops/', 'sops/team/deploy.md')).toBe(true);
    expect(matches('/sops/', 'other/sops/deploy.md')).toBe(false);
    expect(matches('sops/', 'other/sops/deploy.md')).toBe(true);
  });

  it('dir/* owns only the files directly in dir, not nested ones', () => {
    expect(matches('docs/*', 'docs/getting-started.md')).toBe(true);
    expect(matches('docs/*', 'docs/build-app/troubleshooting.md')).toBe(false);
  });

  it('a pattern with an inner slash is anchored at the root', () => {
    expect(matches('sops/deploy.md', 'sops/deploy.md')).toBe(true);
    expect(matches('sops/deploy.md', 'x/sops/deploy.md')).toBe(false);
  });

  it('** crosses folders', () => {
    expect(matches('**/logs', 'a/b/logs/x.txt')).toBe(true);
    expect(matches('sops/**/prod-*.md', 'sops/eu/west/prod-db.md')).toBe(true);
    expect(matches('sops/**/prod-*.md', 'sops/prod-db.md')).toBe(true);
    expect(matches('sops/**/prod-*.md', 'sops/eu/staging-db.md')).toBe(false);
  });

  it('a folder name without slashes owns that folder anywhere', () => {
    expect(matches('apps', 'x/apps/y.md')).toBe(true);
    expect(matches('apps', 'x/apps.md')).toBe(false);
  });

  it('* stays inside one segment and ? matches one character', () => {
    expect(matches('/sops/*.md', 'sops/a/b.md')).toBe(false);
    expect(matches('/sops/de?oy.md', 'sops/deploy.md')).toBe(false);
    expect(matches('/sops/depl?y.md', 'sops/deploy.md')).toBe(true);
  });
});

describe('owners of an SOP file', () => {
  const file = parseCodeowners(
    '.github/CODEOWNERS',
    [
      '# default owners',
      '*       @acme/platform',
      '/sops/  @alice @acme/sre ops@example.com   # the SOP folder',
      '/sops/experimental/',
      '/sops/db-*.md @dba-lead',
      '!/sops/x.md @nobody',
    ].join('\n'),
  );

  it('the last matching pattern wins', () => {
    expect(ownersFor(file, 'sops/db-restore.md')).toMatchObject({ ok: true, approvers: ['dba-lead'] });
    expect(ownersFor(file, 'sops/deploy.md')).toMatchObject({ ok: true, approvers: ['alice', '@acme/sre'] });
    expect(ownersFor(file, 'scripts/run.sh')).toMatchObject({ ok: true, approvers: ['@acme/platform'] });
  });

  it('keeps users and teams, leaves out email owners, and skips negation lines as GitHub does', () => {
    const owners = ownersFor(file, 'sops/deploy.md');
    expect(owners.ok && owners.rule.line).toBe(3);
    expect(file.skipped).toEqual([{ line: 6, reason: expect.stringContaining('no negation') }]);
  });

  it('a pattern with no owners makes the file unowned: a clear error', () => {
    const owners = ownersFor(file, 'sops/experimental/try.md');
    expect(owners.ok).toBe(false);
    expect(!owners.ok && owners.reason).toContain('line 4 of .github/CODEOWNERS ("/sops/experimental/"), which names no owner');
  });

  it('no CODEOWNERS file: the error says where GitHub looks and what to add', () => {
    const owners = ownersFor(null, 'sops/deploy.md');
    expect(!owners.ok && owners.reason).toContain('no CODEOWNERS file (looked in .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)');
    expect(!owners.ok && owners.reason).toContain('"sops/deploy.md @your-team-or-login"');
  });

  it('codeowners in approvers expands to the owners, next to the listed logins', () => {
    expect(expandApprovers(['bob', 'codeowners', 'Alice'], ['alice', '@acme/sre'])).toEqual(['bob', 'alice', '@acme/sre']);
  });

  it('validate reports every SOP that names codeowners but gets no owner', () => {
    const sops = [
      { path: 'sops/deploy.md', approval: { approvers: ['codeowners'] } },
      { path: 'sops/experimental/try.md', approval: { approvers: ['codeowners'] } },
      { path: 'sops/plain.md', approval: { approvers: ['bob'] } },
    ];
    expect(codeownersProblems(sops, file).map((p) => p.file)).toEqual(['sops/experimental/try.md']);
    expect(codeownersProblems(sops, null).map((p) => p.file)).toEqual(['sops/deploy.md', 'sops/experimental/try.md']);
  });
});
