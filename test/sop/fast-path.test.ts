// Differential test: the fast line scanner must give exactly what remark gives, and must really be used.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseSop, parseSopDetailed, parseSopWithRemark } from '../../src/sop/parse.js';

const FRONT = '---\nname: x\ndescription: d\n---\n';

/** The bench's generator (bench/index.ts `sopText`), copied so the test does not run the bench. */
function benchSop(i: number, steps: number): string {
  const body = Array.from({ length: steps }, (_, k) => `## Step ${k + 1}: Step ${k + 1} of ${i}\nDo the thing.\n\`\`\`bash timeout=5m\necho ${i}-${k}\n\`\`\`\n`).join('\n');
  return `---\nname: sop-${i}\ndescription: Generated SOP ${i}\nversion: "1.0.${i}"\npriority: ${['low', 'normal', 'high', 'critical'][i % 4]}\nexecution_mode: ${['auto', 'supervised', 'step_by_step', 'priority_based'][i % 4]}\ntriggers:\n  - type: manual\n  - type: cron\n    expression: "${i % 60} ${i % 24} * * *"\napproval:\n  min_approvals: 1\n  timeout: 2d\ninputs:\n  version: { description: "Tag", required: false, pattern: "v[0-9.]+" }\n---\n# SOP ${i}\n\n${body}`;
}

/**
 * Every string and template literal of the other test/sop test files, so SOP texts added to them
 * later are compared too. `${x}` parts are resolved from same-file string constants where possible.
 */
function literalsOfSopTests(): string[] {
  const dir = join(import.meta.dirname, '.');
  const texts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts') && f !== 'fast-path.test.ts')) {
    const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const consts = new Map<string, ts.Expression>();
    const collectConsts = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) consts.set(node.name.text, node.initializer);
      ts.forEachChild(node, collectConsts);
    };
    collectConsts(source);
    const evaluate = (node: ts.Expression, depth: number): string | undefined => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
      if (ts.isTemplateExpression(node)) {
        let out = node.head.text;
        for (const span of node.templateSpans) out += ((depth < 5 ? evaluate(span.expression, depth + 1) : undefined) ?? 'x') + span.literal.text;
        return out;
      }
      if (ts.isIdentifier(node)) {
        const init = consts.get(node.text);
        return init === undefined ? undefined : evaluate(init, depth + 1);
      }
      return undefined;
    };
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const text = evaluate(node, 0);
        if (text !== undefined && text.length > 2) texts.push(text);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return texts;
}

/** Deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADING_TEXTS = [
  'Step 1: Build', 'Step 2: Deploy (requires approval)', 'Step 3:  Two  spaces  ', 'Step 4', 'Step x: bad', 'Steps overview',
  'Step 1: Build `app` *now*', 'Step 2: A [link](http://x)', 'Step 1: Trailing ##', 'Step 1: esc \\# hash', 'Step 1: &amp; entity',
  'Step 1: <b>html</b>', 'Step 1: under_score', 'Step 1: nbsp\u00a0', '\u00a0', '', 'Title', 'Step 2: (approval required)', 'Step 1: ~tilde~ |pipe|',
];
const INFOS = ['bash', 'sh', 'BASH', 'bash timeout=5m', '  bash   timeout=1h  ', 'bash timeout=5m timeout=6m', 'bash tmeout=1m', 'bash oops',
  'bash `x`', 'bash \\x', 'bash &amp;', 'python', '', ' ', 'sh timeout="2m"', 'bash\u00a0timeout=1m', 'bash timeout=0s'];
const OTHER_LINES = [
  'Some text.', 'More *emphasis* and `code` here.', '- a list item', '* star item', '+ plus item', '1. ordered', '2) ordered', '2024 was a year',
  '> a quote', '<div>html</div>', '<!-- comment -->', '    indented code', '  two-space indent', '   three', '\tTabbed', 'a\ttab inside',
  '===', '---', '***', '___', '- - -', '[ref]: http://example.com', '| a | b |', '#hashtag', '####### seven', '', '', '', '   ', '\u00a0nbsp line',
  'text with trailing spaces   ', 'ends with backslash\\', '```', '~~~', '`` inline ``', '`code` first', '~~strike~~', '~ tilde', '``` `inline` ```', '\\## escaped heading', '&copy; entity line',
];

function randomBody(r: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: string[] = [];
  const blocks = 1 + Math.floor(r() * 12);
  for (let b = 0; b < blocks; b++) {
    const kind = r();
    if (kind < 0.3) {
      const depth = pick([1, 2, 2, 2, 3, 6, 7]);
      out.push(`${'#'.repeat(depth)}${pick([' ', ' ', ' ', '  ', ''])}${pick(HEADING_TEXTS)}${pick(['', '', '', ' ', ' #', '   '])}`);
    } else if (kind < 0.6) {
      const char = r() < 0.75 ? '`' : '~';
      const size = pick([3, 3, 3, 4, 5]);
      out.push(`${pick(['', '', '', '', ' ', '   '])}${char.repeat(size)}${pick(INFOS)}`);
      const lines = Math.floor(r() * 4);
      for (let k = 0; k < lines; k++) out.push(pick(['echo hi', 'make build', '', '  indented', '## not a heading', '```inner', '~~~', 'x\ty', `${char.repeat(size - 1)}`]));
      const close = r();
      if (close < 0.75) out.push(char.repeat(size));
      else if (close < 0.82) out.push(`${char.repeat(size + 1)}`);
      else if (close < 0.88) out.push(`${pick([' ', '  ', '   ', '    '])}${char.repeat(size)}`);
      else if (close < 0.94) out.push(`${char.repeat(size)}${pick(['  ', ' x', '\u00a0'])}`);
      // else: unclosed
    } else {
      out.push(pick(OTHER_LINES));
    }
    if (r() < 0.5) out.push('');
  }
  let body = out.join('\n') + (r() < 0.8 ? '\n' : '');
  if (r() < 0.05) body = body.replace(/\n/g, '\r\n');
  return body;
}

/** Inserts, deletes or duplicates a few characters, to reach shapes no list above thought of. */
function mutate(text: string, r: () => number): string {
  let s = text;
  const alphabet = ['#', '`', '~', ' ', '\n', '-', '>', '*', '1', '.', '\t', '\r', '\\', '<', '=', 'a', ':', '[', '&'];
  const edits = 1 + Math.floor(r() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.5) s = s.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + s.slice(at);
    else if (op < 0.8) s = s.slice(0, at) + s.slice(at + 1);
    else s = s.slice(0, at) + s.slice(at, at + 5) + s.slice(at);
  }
  return s;
}

function expectSame(text: string, label: string): 'scanner' | 'remark' | undefined {
  const fast = parseSopDetailed('sops/x.md', text);
  expect(fast.result, label).toStrictEqual(parseSopWithRemark('sops/x.md', text));
  return fast.body;
}

describe('fast body scanner', () => {
  it('is used for the bench SOPs and gives what remark gives', () => {
    for (let i = 0; i < 50; i++) {
      const text = benchSop(i, 1 + (i % 7));
      expect(expectSame(text, `bench SOP ${i}`)).toBe('scanner');
      expect(parseSop('sops/x.md', text).ok).toBe(true);
    }
  });

  it('is used for the example SOPs in sops/ and gives what remark gives', () => {
    const dir = join(import.meta.dirname, '../../sops');
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(expectSame(readFileSync(join(dir, f), 'utf8'), f), f).toBe('scanner');
  });

  it('gives what remark gives for every text in the other SOP tests, as a file and as a body', () => {
    const texts = literalsOfSopTests();
    expect(texts.length).toBeGreaterThan(50);
    const used = new Set<string | undefined>();
    for (const t of texts) {
      used.add(expectSame(t, JSON.stringify(t)));
      used.add(expectSame(FRONT + t, JSON.stringify(FRONT + t)));
    }
    expect(used).toEqual(new Set(['scanner', 'remark', undefined]));
  });

  it('gives what remark gives for random and mutated SOPs, taking both paths often', () => {
    const counts = { scanner: 0, remark: 0 };
    for (let seed = 1; seed <= 600; seed++) {
      const r = prng(seed);
      const body = randomBody(r);
      for (const text of [FRONT + body, mutate(FRONT + body, r), mutate(benchSop(seed, 3), r)]) {
        const used = expectSame(text, `seed ${seed}: ${JSON.stringify(text)}`);
        if (used !== undefined) counts[used]++;
      }
    }
    expect(counts.scanner).toBeGreaterThan(300);
    expect(counts.remark).toBeGreaterThan(300);
  });

  it('gives what remark gives for hand-picked fence and heading edge cases', () => {
    const bodies = [
      '## Step 1: A\n````bash\necho a\n```\necho b\n````\n```\n',
      '## Step 1: A\n````bash\necho a\n```\n````\nAfter.\n\n## Step 2: B\n```sh\necho b\n```\n',
      '## Step 1: A\nBefore.\n```bash timeout=1m\necho a\n   ```   \nAfter.\n',
      '## Step 1: A\n~~~bash\n```\necho a\n~~~~\nText\n## Step 2: B\n',
      '## Step 1: A\n```bash\n~~~\n```\n',
      '## Step 1: A\n```python\nprint()\n```\n```bash\necho real\n```\n',
      '## Step 1: A\n```\nno lang\n```\n',
      '# Title\n# Second title\n## Step 1: A\n### Step 2: not a step\n```bash\necho in step 1\n```\n',
      '##\n## Step 1: A\n#\n',
      '## Step 1:   spaced   title   \ntext\n',
      '## Step 1: A (requires approval)\n```bash\n\n```\n',
      '## Step 1: A\n```bash timeout=5m\necho\n```',
      '## Step 1: A\nline one\nline two\n\n\n\n\nline three\n',
    ];
    for (const body of bodies) {
      expect(expectSame(FRONT + body, JSON.stringify(body)), JSON.stringify(body)).toBeDefined();
    }
    // Taken by the scanner, so the comparison above exercises it.
    expect(parseSopDetailed('sops/x.md', FRONT + bodies[1]).body).toBe('scanner');
    expect(parseSopDetailed('sops/x.md', FRONT + bodies[2]).body).toBe('scanner');
  });

  it('falls back to remark for each construct it does not read itself', () => {
    const cases = ['- item\n', '> quote\n', '<div>\n', '    code\n', 'Para\n===\n', 'Para\n---\n', '[a]: /b\n', '***\n', '1. one\n',
      '```bash\nunclosed\n', ' ## indented heading\n', '## Step 1: a `b`\n', '## Step 1: a #\n', '```bash `x`\n```\n', 'a\tb\n', 'a\r\nb\r\n'];
    for (const body of cases) {
      const text = `${FRONT}## Step 1: Go\n\`\`\`bash\necho go\n\`\`\`\n${body}`;
      expect(parseSopDetailed('sops/x.md', text).body, JSON.stringify(body)).toBe('remark');
      expectSame(text, JSON.stringify(body));
    }
  });
});
