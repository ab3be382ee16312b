// Example workflows never splice `${{ … }}` into a `run:` script (SPEC 5.6): values reach scripts only through env.
// Checks the repository's workflow files and every yaml block of the README and docs/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

interface YamlSource {
  where: string;
  text: string;
}

function files(dir: string, ext: string): string[] {
  try {
    return readdirSync(join(ROOT, dir))
      .filter((f) => f.endsWith(ext))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** The ```yaml / ```yml blocks of a markdown file, each named by the line it starts on. */
function yamlBlocks(path: string): YamlSource[] {
  const lines = readFileSync(join(ROOT, path), 'utf8').split('\n');
  const blocks: YamlSource[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*ya?ml\b/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) end++;
    blocks.push({ where: `${path}:${start}`, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

function sources(): YamlSource[] {
  const workflows = [...files('.github/workflows', '.yml'), ...files('.github/workflows', '.yaml')];
  const docs = ['README.md', ...files('docs', '.md')];
  return [
    ...workflows.map((where) => ({ where, text: readFileSync(join(ROOT, where), 'utf8') })),
    ...docs.flatMap((path) => yamlBlocks(path)),
  ];
}

/** Every `run:` value in a parsed YAML document that contains an expression, with where it is. */
export function expressionsInRun(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsInRun(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const here = path ? `${path}.${key}` : key;
    if (key === 'run' && typeof v === 'string' && v.includes('${{')) return [`${here}: ${v.trim().split('\n')[0]}`];
    return expressionsInRun(v, here);
  });
}

describe('workflows pass values to run: only through env:', () => {
  it('finds the workflow files and the README’s yaml blocks', () => {
    const where = sources().map((s) => s.where);
    expect(where).toContain('.github/workflows/sop.yml');
    expect(where.some((w) => w.startsWith('README.md:'))).toBe(true);
  });

  it('the check catches an expression in a run: script, in any job or step', () => {
    const bad = yaml.load(`
jobs:
  a:
    steps:
      - run: echo ok
        env: { X: "\${{ github.event.comment.body }}" }
      - run: |
          echo start
          echo "\${{ github.event.comment.body }}"
`);
    expect(expressionsInRun(bad)).toEqual(['jobs.a.steps[1].run: echo start']);
  });

  it.each(sources().map((s) => [s.where, s.text] as const))('%s has no ${{ }} inside a run: script', (_where, text) => {
    const docs = yaml.loadAll(text);
    expect(docs.flatMap((doc) => expressionsInRun(doc))).toEqual([]);
  });
});

describe('workflow permissions are the least the engine needs', () => {
  it('sop.yml asks for exactly contents, issues, actions (read) and pull-requests', () => {
    const doc = yaml.load(readFileSync(join(ROOT, '.github/workflows/sop.yml'), 'utf8')) as { permissions?: unknown };
    expect(doc.permissions).toEqual({ contents: 'write', issues: 'write', actions: 'read', 'pull-requests': 'write' });
  });

  it.each(sources().map((s) => [s.where, s.text] as const))(
    '%s lists pull-requests: write only with a comment saying the pull-request channel needs it',
    (_where, text) => {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!/^\s*pull-requests:\s*write\b/.test(line)) return;
        const said = `${lines[i - 1] ?? ''}\n${line}`;
        expect(said, `line ${i + 1}: ${line}`).toMatch(/#.*pull-request approval channel/);
      });
    },
  );
});
