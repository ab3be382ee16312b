import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSop } from '../../src/sop/parse.js';
import type { SopDefinition } from '../../src/sop/types.js';

/** Parses and insists on success, showing the errors if there were any. */
function ok(text: string | Uint8Array, path = 'sops/x.md'): SopDefinition {
  const r = parseSop(path, text);
  if (!r.ok) throw new Error(`expected a valid SOP, got:\n${JSON.stringify(r.errors, null, 2)}`);
  return r.sop;
}

const FULL = `---
name: deploy-frontend
description: Deploy frontend
version: "1.0.0"
priority: high
execution_mode: step_by_step
triggers:
  - type: manual
  - type: cron
    expression: "0 9 * * 1-5"
  - type: webhook
    path: /webhook/deploy
approval:
  approvers: [alice, "@acme/ops"]
  min_approvals: 2
  allow_self_approval: true
  timeout: 2d
  channel: pull-request
inputs:
  version: { description: "Tag to deploy", required: true, pattern: "^v[0-9.]+$" }
  env:
    default: staging
---
# Deploy Frontend to Staging

Intro text.

## Step 1: Build the Project
Free text describing the step.
\`\`\`bash
npm run build
\`\`\`
After the build.

## Step 2: Deploy (requires approval)
\`\`\`bash timeout=10m
./deploy.sh staging
\`\`\`

## Step 3: Check the dashboard
No code block: this is a manual step.
`;

describe('parseSop: a complete SOP', () => {
  const sop = ok(FULL);

  it('reads every frontmatter field', () => {
    expect(sop).toMatchObject({
      name: 'deploy-frontend',
      description: 'Deploy frontend',
      version: '1.0.0',
      priority: 'high',
      execution_mode: 'step_by_step',
      triggers: [{ type: 'manual' }, { type: 'cron', expression: '0 9 * * 1-5' }, { type: 'webhook', path: '/webhook/deploy' }],
      approval: { approvers: ['alice', '@acme/ops'], min_approvals: 2, allow_self_approval: true, timeout: '2d', timeout_ms: 172_800_000, channel: 'pull-request' },
      inputs: {
        version: { description: 'Tag to deploy', required: true, pattern: '^v[0-9.]+$' },
        env: { required: false, default: 'staging' },
      },
      title: 'Deploy Frontend to Staging',
      path: 'sops/x.md',
    });
  });

  it('reads steps with their commands, gates, timeouts, descriptions and lines', () => {
    expect(sop.steps).toEqual([
      { number: 1, title: 'Build the Project', gate: false, command: 'npm run build', timeout_ms: 21_600_000,
        description: 'Free text describing the step.\n\nAfter the build.', line: 28 },
      { number: 2, title: 'Deploy', gate: true, command: './deploy.sh staging', timeout_ms: 600_000, description: '', line: 35 },
      { number: 3, title: 'Check the dashboard', gate: false, command: null, timeout_ms: 21_600_000,
        description: 'No code block: this is a manual step.', line: 40 },
    ]);
  });

  it('hashes the exact bytes', () => {
    expect(sop.sha256).toBe(createHash('sha256').update(FULL, 'utf8').digest('hex'));
    expect(ok(new TextEncoder().encode(FULL)).sha256).toBe(sop.sha256);
  });
});

const MINIMAL = `---
name: tiny
description: Smallest SOP
---
## Step 1: Do it
\`\`\`sh
echo hi
\`\`\`
`;

describe('parseSop: defaults and variations', () => {
  it('fills in the defaults', () => {
    const sop = ok(MINIMAL);
    expect(sop.priority).toBe('normal');
    expect(sop.execution_mode).toBe('supervised');
    expect(sop.triggers).toEqual([{ type: 'manual' }]);
    expect(sop.approval).toEqual({ approvers: [], min_approvals: 1, allow_self_approval: false, timeout: '7d', timeout_ms: 604_800_000 });
    expect(sop.approval.channel).toBeUndefined();
    expect(sop.inputs).toEqual({});
    expect(sop.version).toBeUndefined();
    expect(sop.title).toBeUndefined();
    expect(sop.steps[0]).toMatchObject({ command: 'echo hi', timeout_ms: 21_600_000, gate: false, line: 5 });
  });

  it('reads secrets, github_token and secret inputs (SPEC 5.6); without them steps get no token and nothing is secret', () => {
    const sop = ok(MINIMAL.replace(/^---\n/, '---\nsecrets: [DEPLOY_KEY, api_token]\ngithub_token: true\ninputs:\n  key: { secret: true, required: true }\n  tag: { secret: false }\n'));
    expect(sop.secrets).toEqual(['DEPLOY_KEY', 'api_token']);
    expect(sop.github_token).toBe(true);
    expect(sop.inputs).toEqual({ key: { required: true, secret: true }, tag: { required: false } });
    const plain = ok(MINIMAL);
    expect(plain.secrets).toBeUndefined();
    expect(plain.github_token).toBeUndefined();
    expect(ok(MINIMAL.replace(/^---\n/, '---\ngithub_token: false\nsecrets: []\n')).github_token).toBeUndefined();
  });

  it.each([
    ['Deploy (requires approval)'],
    ['Deploy (approval required)'],
    ['Deploy (REQUIRES APPROVAL)'],
    ['Deploy (Approval Required)  '],
    ['Deploy(requires approval)'],
  ])('treats %j as an explicit gate and strips the marker', (title) => {
    const sop = ok(MINIMAL.replace('Do it', title));
    expect(sop.steps[0]).toMatchObject({ title: 'Deploy', gate: true });
  });

  it('does not treat the marker in the middle of a title as a gate', () => {
    const sop = ok(MINIMAL.replace('Do it', 'Explain (requires approval) rules'));
    expect(sop.steps[0]).toMatchObject({ title: 'Explain (requires approval) rules', gate: false });
  });

  it('accepts "step" in any letter case and ~~~ fences', () => {
    const sop = ok(`---
name: t
description: d
---
## STEP 1: Upper
~~~bash timeout=90s
echo one
~~~
## step 2: lower
~~~sh
echo two
~~~
`);
    expect(sop.steps.map((s) => [s.number, s.title, s.command, s.timeout_ms])).toEqual([
      [1, 'Upper', 'echo one', 90_000],
      [2, 'lower', 'echo two', 21_600_000],
    ]);
  });

  it('uses the first bash/sh block as the command and keeps other blocks as documentation', () => {
    const sop = ok(`---
name: t
description: d
---
## Step 1: Mixed
Example config:
\`\`\`yaml
key: value
\`\`\`
\`\`\`bash
./run.sh
\`\`\`
\`\`\`bash
echo second block is documentation
\`\`\`
`);
    const step = sop.steps[0];
    expect(step?.command).toBe('./run.sh');
    expect(step?.description).toContain('key: value');
    expect(step?.description).toContain('echo second block is documentation');
    expect(step?.description).not.toContain('./run.sh');
  });

  it('ends a step at a non-step level-2 heading, which is documentation', () => {
    const sop = ok(`---
name: t
description: d
---
# Title
## Step 1: First
text one
## Notes
\`\`\`bash
echo not a step command
\`\`\`
## Step 2: Second
\`\`\`bash
echo two
\`\`\`
### Details
Sub-section text stays in step 2.
`);
    expect(sop.steps).toHaveLength(2);
    expect(sop.steps[0]).toMatchObject({ title: 'First', command: null, description: 'text one' });
    expect(sop.steps[1]).toMatchObject({ title: 'Second', command: 'echo two', line: 12 });
    expect(sop.steps[1]?.description).toContain('Sub-section text stays in step 2.');
  });

  it('keeps a multi-line command exactly and normalises CRLF line endings', () => {
    const sop = ok(MINIMAL.replace('echo hi', 'set -x\necho "a  b"\n  indented').replace(/\n/g, '\r\n'));
    expect(sop.steps[0]?.command).toBe('set -x\necho "a  b"\n  indented');
    expect(sop.name).toBe('tiny');
  });

  it('treats "## Steps overview" as documentation, not a malformed step', () => {
    const sop = ok(`${MINIMAL}\n## Steps overview\nNothing here.\n`);
    expect(sop.steps).toHaveLength(1);
  });

  it('reads a version written with quotes, a BOM and comments', () => {
    const sop = ok(`\uFEFF---\n# a comment\nname: t # trailing\ndescription: "d: with colon"\nversion: '1.0'\n---\n## Step 1: x\n`);
    expect(sop).toMatchObject({ name: 't', description: 'd: with colon', version: '1.0' });
  });

  it('gives the same result when the same text is parsed twice', () => {
    expect(parseSop('a.md', MINIMAL)).toEqual(parseSop('a.md', MINIMAL));
  });
});

describe('parseSop on arbitrary bodies', () => {
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
  const LINES = [
    '## Step 1: Build', '## Step 2: Deploy (requires approval)', '## Step x: bad', '# Title', '### Notes', '```bash', '```sh timeout=5m',
    '```bash tmeout=1m', '~~~', '```', 'echo hi', '- a list item', '> a quote', '<div>html</div>', '<!-- comment -->', '    indented',
    '\tTabbed', '---', '===', '| a | b |', '\\## escaped', '&copy;', '', '', 'Some text with `code` and *emphasis*.',
  ];

  it('always answers with a definition or located errors, never with a crash', () => {
    const r = prng(7);
    for (let i = 0; i < 300; i++) {
      const count = 1 + Math.floor(r() * 15);
      const body = Array.from({ length: count }, () => LINES[Math.floor(r() * LINES.length)]).join(r() < 0.1 ? '\r\n' : '\n');
      const text = `---\nname: x\ndescription: d\n---\n${body}\n`;
      const result = parseSop('sops/x.md', text);
      if (result.ok) {
        expect(result.sop.steps.length, text).toBeGreaterThan(0);
        continue;
      }
      for (const e of result.errors) {
        expect(e.message, text).not.toMatch(/could not parse this file|unknown problem/);
        expect(e.line, text).toBeGreaterThanOrEqual(1);
        expect(e.line, text).toBeLessThanOrEqual(text.split('\n').length);
      }
    }
  });
});
