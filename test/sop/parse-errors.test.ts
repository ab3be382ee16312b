import { describe, expect, it } from 'vitest';
import { parseSop } from '../../src/sop/parse.js';
import type { SopError } from '../../src/sop/types.js';

function errors(text: string | Uint8Array): SopError[] {
  const r = parseSop('sops/x.md', text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

/** Frontmatter lines between the --- lines (line 2 onwards), then a valid one-step body. */
function withFrontmatter(lines: string): string {
  return `---\n${lines}\n---\n## Step 1: Go\n\`\`\`bash\necho go\n\`\`\`\n`;
}
const BASE = 'name: x\ndescription: d';
/** A valid frontmatter (lines 1-4) followed by the given body starting on line 5. */
function withBody(body: string): string {
  return `---\n${BASE}\n---\n${body}`;
}

interface Case {
  what: string;
  text: string | Uint8Array;
  message: RegExp;
  line: number;
  column: number;
  hint?: RegExp;
}

const cases: Case[] = [
  { what: 'bad YAML syntax', text: withFrontmatter(`${BASE}\ntriggers: [manual`), message: /frontmatter is not valid YAML: unexpected end of the stream within a flow collection/, line: 5, column: 1 },
  { what: 'bad YAML indentation', text: withFrontmatter(`${BASE}\napproval:\n  approvers: []\n min_approvals: 1`), message: /frontmatter is not valid YAML: bad indentation/, line: 6, column: 2 },
  { what: 'duplicate YAML key', text: withFrontmatter(`${BASE}\nname: y`), message: /not valid YAML: duplicated mapping key/, line: 4, column: 1, hint: /each key may appear once/ },
  { what: 'unclosed frontmatter', text: `---\n${BASE}\n## Step 1: Go\n`, message: /frontmatter is not closed/, line: 1, column: 1, hint: /add a line with just ---/ },
  { what: 'no frontmatter', text: '# Title\n\n## Step 1: Go\n', message: /file has no frontmatter/, line: 1, column: 1 },
  { what: 'missing name', text: withFrontmatter('description: d'), message: /frontmatter has no "name"/, line: 1, column: 1, hint: /name: my-sop/ },
  { what: 'bad name characters', text: withFrontmatter('name: Deploy Frontend!\ndescription: d'), message: /name "Deploy Frontend!" may only contain lowercase letters/, line: 2, column: 7, hint: /name: deploy-frontend/ },
  { what: 'missing description', text: withFrontmatter('name: x'), message: /frontmatter has no "description"/, line: 1, column: 1 },
  { what: 'empty description', text: withFrontmatter('name: x\ndescription: ""'), message: /description must be non-empty text/, line: 3, column: 1 },
  { what: 'version as a number', text: withFrontmatter(`${BASE}\nversion: 1.0`), message: /version must be text, but YAML reads 1.0 as number 1/, line: 4, column: 10, hint: /^quote it: version: "1.0"$/ },
  { what: 'unknown execution mode', text: withFrontmatter(`${BASE}\nexecution_mode: supervise`), message: /execution_mode must be one of auto, supervised, step_by_step, priority_based.*did you mean "supervised"/, line: 4, column: 17 },
  { what: 'unknown priority', text: withFrontmatter(`${BASE}\npriority: urgent`), message: /priority must be one of low, normal, high, critical, but it is the text "urgent"/, line: 4, column: 11 },
  { what: 'unknown frontmatter key', text: withFrontmatter(`${BASE}\nexecution-mode: auto`), message: /unknown frontmatter key "execution-mode" \(did you mean "execution_mode"\?\)/, line: 4, column: 1, hint: /rename it to "execution_mode"/ },
  { what: 'unknown key with no close match', text: withFrontmatter(`${BASE}\nowner: bob`), message: /unknown frontmatter key "owner"$/, line: 4, column: 1, hint: /known keys are: name, description/ },
  { what: 'frontmatter that is a list', text: withFrontmatter('- name: x\n- description: d'), message: /frontmatter must be a mapping of keys to values, but it is a list/, line: 1, column: 1 },
  { what: 'bad trigger type', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: schedule`), message: /trigger type must be one of manual, cron, webhook, but it is the text "schedule"/, line: 5, column: 11 },
  { what: 'triggers not a list', text: withFrontmatter(`${BASE}\ntriggers: manual`), message: /triggers must be a list/, line: 4, column: 1 },
  { what: 'cron without expression', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron`), message: /cron trigger has no "expression"/, line: 5, column: 5 },
  { what: 'cron with a bad hour', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron\n    expression: "0 25 * * *"`), message: /hour field "25": 25 is out of range 0-23/, line: 6, column: 17 },
  { what: 'cron with a bad day name', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron\n    expression: "0 9 * * MONDAY"`), message: /day-of-week field "MONDAY"/, line: 6, column: 17 },
  { what: 'cron with a zero step', text: withFrontmatter(`${BASE}\ntriggers:\n  - {type: cron, expression: "*/0 * * * *"}`), message: /minute field "\*\/0": step \/0 must be between 1 and 60/, line: 5, column: 30 },
  { what: '6-field cron', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron\n    expression: "0 0 9 * * *"`), message: /has 6 fields, needs 5/, line: 6, column: 17 },
  { what: 'cron macro', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron\n    expression: "@hourly"`), message: /macro "@hourly" is not supported.*"0 \* \* \* \*"/, line: 6, column: 17 },
  { what: 'webhook without path', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: webhook`), message: /webhook trigger needs a non-empty "path"/, line: 5, column: 5 },
  { what: 'unknown key in a trigger', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: cron\n    expresion: "0 9 * * *"`), message: /unknown key "expresion" in a cron trigger \(did you mean "expression"\?\)/, line: 6, column: 5 },
  { what: 'key of another trigger type', text: withFrontmatter(`${BASE}\ntriggers:\n  - type: webhook\n    path: /x\n    expression: "0 9 * * *"`), message: /a webhook trigger has no "expression" \(that key belongs to cron triggers\)/, line: 7, column: 5 },
  { what: 'approvers not a list', text: withFrontmatter(`${BASE}\napproval:\n  approvers: alice`), message: /approvers must be a list, but it is the text "alice"/, line: 5, column: 14, hint: /approvers: \[alice\]/ },
  { what: 'approver with bad syntax', text: withFrontmatter(`${BASE}\napproval:\n  approvers:\n    - bob\n    - "not a login"`), message: /approver "not a login" is not a GitHub login or "@org\/team"/, line: 7, column: 7 },
  { what: 'min_approvals 0', text: withFrontmatter(`${BASE}\napproval:\n  min_approvals: 0`), message: /min_approvals must be a whole number of at least 1, but it is number 0/, line: 5, column: 18 },
  { what: 'min_approvals not an integer', text: withFrontmatter(`${BASE}\napproval:\n  min_approvals: 1.5`), message: /min_approvals must be a whole number of at least 1, but it is number 1.5/, line: 5, column: 18 },
  { what: 'min_approvals above the approvers', text: withFrontmatter(`${BASE}\napproval:\n  approvers: [alice, bob]\n  min_approvals: 3`), message: /min_approvals is 3, but approvers lists only 2 logins/, line: 6, column: 18, hint: /lower min_approvals to 2/ },
  { what: 'bad channel', text: withFrontmatter(`${BASE}\napproval:\n  channel: pr`), message: /approval channel must be "issue" or "pull-request", but it is the text "pr"/, line: 5, column: 12 },
  { what: 'bad approval timeout', text: withFrontmatter(`${BASE}\napproval:\n  timeout: 1 week`), message: /approval timeout duration "1 week" is not valid/, line: 5, column: 12 },
  { what: 'approval timeout without unit', text: withFrontmatter(`${BASE}\napproval:\n  timeout: 7`), message: /approval timeout must be a duration such as 7d, but it is number 7/, line: 5, column: 12, hint: /timeout: 7h/ },
  { what: 'allow_self_approval not a boolean', text: withFrontmatter(`${BASE}\napproval:\n  allow_self_approval: "yes"`), message: /allow_self_approval must be true or false/, line: 5, column: 24 },
  { what: 'unknown approval key', text: withFrontmatter(`${BASE}\napproval:\n  min_approval: 1`), message: /unknown approval key "min_approval" \(did you mean "min_approvals"\?\)/, line: 5, column: 3 },
  { what: 'input with an invalid regex', text: withFrontmatter(`${BASE}\ninputs:\n  version: { pattern: "^v[0-9" }`), message: /pattern of input "version" is not a valid regular expression/, line: 5, column: 23 },
  { what: 'input with an unknown key', text: withFrontmatter(`${BASE}\ninputs:\n  version:\n    requird: true`), message: /unknown key "requird" in input "version" \(did you mean "required"\?\)/, line: 6, column: 5 },
  { what: 'input default not matching its pattern', text: withFrontmatter(`${BASE}\ninputs:\n  v:\n    pattern: "[0-9]+"\n    default: abc`), message: /default "abc" of input "v" does not match its pattern/, line: 7, column: 14 },
  { what: 'secrets not a list', text: withFrontmatter(`${BASE}\nsecrets: DEPLOY_KEY`), message: /secrets must be a list of environment variable names, but it is the text "DEPLOY_KEY"/, line: 4, column: 10, hint: /secrets: \[DEPLOY_KEY\]/ },
  { what: 'secret written as an expression', text: withFrontmatter(`${BASE}\nsecrets: ["\${{ secrets.DEPLOY_KEY }}"]`), message: /secret 1 must be an environment variable name/, line: 4, column: 11, hint: /env: DEPLOY_KEY: \$\{\{ secrets.DEPLOY_KEY \}\}/ },
  { what: 'secret listed twice', text: withFrontmatter(`${BASE}\nsecrets: [A_KEY, A_KEY]`), message: /secret "A_KEY" is listed twice/, line: 4, column: 18 },
  { what: 'secret named SOP_*', text: withFrontmatter(`${BASE}\nsecrets: [SOP_PAYLOAD]`), message: /secret "SOP_PAYLOAD" is a name sop-engine sets itself/, line: 4, column: 11 },
  { what: 'github_token not a boolean', text: withFrontmatter(`${BASE}\ngithub_token: "yes"`), message: /github_token must be true or false, but it is the text "yes"/, line: 4, column: 15 },
  { what: 'misspelt github_token', text: withFrontmatter(`${BASE}\ngithub_tokens: true`), message: /unknown frontmatter key "github_tokens" \(did you mean "github_token"\?\)/, line: 4, column: 1 },
  { what: 'input secret not a boolean', text: withFrontmatter(`${BASE}\ninputs:\n  key: { secret: "yes" }`), message: /secret of input "key" must be true or false/, line: 5, column: 18 },
  { what: 'misspelt input secret', text: withFrontmatter(`${BASE}\ninputs:\n  key: { secrte: true }`), message: /unknown key "secrte" in input "key" \(did you mean "secret"\?\)/, line: 5, column: 10 },
  { what: 'secret input default not matching, value not shown', text: withFrontmatter(`${BASE}\ninputs:\n  k:\n    secret: true\n    pattern: "[0-9]+"\n    default: hunter2`), message: /^default of secret input "k" does not match its pattern/, line: 8, column: 14 },
  { what: 'step gap', text: withBody('## Step 1: A\n## Step 2: B\n\n## Step 4: D\n'), message: /^step numbers must count 1, 2, 3 \(found Step 4 after Step 2\)$/, line: 8, column: 1, hint: /## Step 3: D/ },
  { what: 'duplicate step', text: withBody('## Step 1: A\n## Step 1: B\n'), message: /duplicate Step 1/, line: 6, column: 1 },
  { what: 'first step not 1', text: withBody('## Step 2: A\n'), message: /step numbers must start at 1 \(found Step 2 first\)/, line: 5, column: 1 },
  { what: 'non-number step', text: withBody('## Step 1: A\n## Step two: B\n'), message: /step heading "Step two: B": "two" is not a step number/, line: 6, column: 1, hint: /## Step 2: B/ },
  { what: 'missing colon', text: withBody('## Step 1 Build\n'), message: /step heading "Step 1 Build" is missing the colon after the number/, line: 5, column: 1, hint: /## Step 1: Build/ },
  { what: 'missing title', text: withBody('## Step 1:\n'), message: /Step 1 has no title/, line: 5, column: 1 },
  { what: 'missing step number', text: withBody('## Step: Build\n'), message: /step heading "Step: Build" has no step number/, line: 5, column: 1 },
  { what: 'step as a level-1 heading', text: withBody('# Step 1: Build\n## Step 1: Build\n'), message: /"# Step 1: Build" is a level-1 heading; steps are level-2 headings/, line: 5, column: 1 },
  { what: 'no steps', text: withBody('# Title\n\nJust prose.\n'), message: /SOP has no steps/, line: 5, column: 1, hint: /## Step 1: Title/ },
  { what: 'unknown fence attribute', text: withBody('## Step 1: A\n```bash retries=3\nx\n```\n'), message: /unknown fence attribute "retries" on Step 1/, line: 6, column: 9 },
  { what: 'misspelt fence attribute', text: withBody('## Step 1: A\n```bash timeout=1m tmeout=2m\nx\n```\n'), message: /unknown fence attribute "tmeout" on Step 1 \(did you mean "timeout"\?\)/, line: 6, column: 20 },
  { what: 'malformed fence attribute', text: withBody('## Step 1: A\n```bash 10m\nx\n```\n'), message: /fence attribute "10m" of Step 1 is not key=value/, line: 6, column: 9 },
  { what: 'bad timeout value', text: withBody('## Step 1: A\n```bash timeout=soon\nx\n```\n'), message: /timeout of Step 1: duration "soon" is not valid/, line: 6, column: 9 },
  { what: 'timeout without unit', text: withBody('## Step 1: A\n```sh timeout=30\nx\n```\n'), message: /timeout of Step 1: duration "30" has no unit/, line: 6, column: 7 },
  { what: 'empty command block', text: withBody('## Step 1: A\n```bash\n```\n'), message: /the bash block of Step 1 is empty/, line: 6, column: 1 },
  { what: 'gate marker without title', text: withBody('## Step 1: (requires approval)\n'), message: /Step 1 has only an approval marker and no title/, line: 5, column: 1 },
  { what: 'empty file', text: '', message: /^file is empty$/, line: 1, column: 1 },
  { what: 'whitespace-only file', text: '  \n\n', message: /^file is empty$/, line: 1, column: 1 },
  { what: 'binary junk with NUL bytes', text: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a, 0x1a, 0x00, 0xff, 0xfe, 0x13]), message: /^this is not a text file \(it contains NUL bytes\)$/, line: 1, column: 1 },
  { what: 'invalid UTF-8', text: Uint8Array.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0xa0, 0xa1]), message: /^this is not a text file \(it is not valid UTF-8\)$/, line: 1, column: 1 },
  { what: 'non-plain frontmatter opener', text: '---js\n{name: "x"}\n---\n## Step 1: A\n', message: /frontmatter must start with a line of exactly "---", not "---js"/, line: 1, column: 1 },
];

describe('parseSop: malformed SOPs', () => {
  it('covers many distinct problems', () => {
    expect(new Set(cases.map((c) => c.what)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('$what → $line:$column', ({ text, message, line, column, hint }) => {
    const errs = errors(text);
    const match = errs.find((e) => message.test(e.message));
    expect(match, `no error matching ${String(message)} in:\n${JSON.stringify(errs, null, 2)}`).toBeDefined();
    expect(match).toMatchObject({ file: 'sops/x.md', line, column });
    expect(match?.hint.length).toBeGreaterThan(0);
    if (hint !== undefined) expect(match?.hint).toMatch(hint);
  });

  it.each([
    ['text', (s: string): string | Uint8Array => s],
    ['bytes', (s: string): string | Uint8Array => new TextEncoder().encode(s)],
  ])('rejects a 5 MB file (as %s) by its size, without parsing it', (_kind, as) => {
    // Parsed, its 400,000 repeated "Step 2" headings would each be an error: exactly one error shows it was not.
    const big = as(withFrontmatter(BASE) + '## Step 2: x\n'.repeat(400_000));
    const errs = errors(big);
    expect(errs).toEqual([{ file: 'sops/x.md', line: 1, column: 1, message: 'file is 5.0 MiB; SOP files must be under 1 MiB', hint: expect.stringMatching(/split it/) }]);
  });

  // How fast parsing is, is measured by `npm run bench`; a test that times itself fails on a loaded machine.
  it('parses a large valid SOP (1,000 steps with fence attributes)', () => {
    let body = '';
    for (let n = 1; n <= 1000; n++) body += `## Step ${n}: s${n}\ntext\n\`\`\`bash timeout=1m\necho ${n}\n\`\`\`\n`;
    const r = parseSop('sops/x.md', withBody(body));
    expect(r.ok && r.sop.steps.length).toBe(1000);
  });

  it('accepts a file just under 1 MiB and rejects one of exactly 1 MiB', () => {
    const text = withFrontmatter(BASE);
    const padded = text + 'y'.repeat(1024 * 1024 - 1 - Buffer.byteLength(text));
    expect(parseSop('sops/x.md', padded).ok).toBe(true);
    expect(errors(`${padded}y`)[0]?.message).toBe('file is 1.0 MiB; SOP files must be under 1 MiB');
  });

  it('reports every problem of a file, sorted by position', () => {
    const errs = errors(`---
name: Bad Name
priority: urgent
execution-mode: auto
approval:
  min_approvals: 0
---
## Step 1: A
\`\`\`bash retries=2
x
\`\`\`
## Step 3: C
`);
    expect(errs.map((e) => [`${e.line}:${e.column}`, e.message])).toEqual([
      ['1:1', expect.stringMatching(/^frontmatter has no "description"/)],
      ['2:7', expect.stringMatching(/^name "Bad Name" may only contain/)],
      ['3:11', expect.stringMatching(/^priority must be one of/)],
      ['4:1', expect.stringMatching(/^unknown frontmatter key "execution-mode"/)],
      ['6:18', expect.stringMatching(/^min_approvals must be a whole number/)],
      ['9:9', expect.stringMatching(/^unknown fence attribute "retries"/)],
      ['12:1', 'step numbers must count 1, 2, 3 (found Step 3 after Step 1)'],
    ]);
  });

  it('reports body problems even when the YAML is broken', () => {
    const errs = errors('---\nname: [x\n---\n## Step 2: B\n');
    expect(errs.map((e) => e.message)).toEqual([
      expect.stringMatching(/^frontmatter is not valid YAML/),
      'step numbers must start at 1 (found Step 2 first)',
    ]);
  });

  it('gives the same errors when the same bad text is parsed twice', () => {
    const bad = withFrontmatter(`${BASE}\ntriggers: [manual`);
    expect(parseSop('a.md', bad)).toEqual(parseSop('a.md', bad));
    expect(parseSop('a.md', bad).ok).toBe(false);
  });

  it('never throws, whatever the input', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ['---\n', 'name: x\n', 'description: d\n', '## Step 1: a\n', '```bash t=\n', '```\n', ': [', '{', '&a *a\n', '- ', '\t', '"', '## Step 2\n', '\n'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < 12; j++) text += pieces[Math.floor(random() * pieces.length)];
      const r = parseSop('fuzz.md', text);
      // parseSop turns unexpected exceptions into a "could not parse" error: there must be none.
      if (!r.ok) {
        for (const e of r.errors) {
          expect(e.message, text).not.toMatch(/could not parse this file|unknown problem/);
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });
});
