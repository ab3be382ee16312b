// boundText and cutAt: texts for GitHub stay within its limit, cut on code points, with the note visible.
import { describe, expect, it } from 'vitest';
import { boundText, cutAt, GITHUB_TEXT_LIMIT, openFence, truncatedNote } from '../../src/text/bounded.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cutAt', () => {
  it('never splits a surrogate pair', () => {
    expect(cutAt('ab😀c', 3)).toBe('ab');
    expect(cutAt('ab😀c', 4)).toBe('ab😀');
    expect(cutAt('abc', 10)).toBe('abc');
  });
});

describe('openFence', () => {
  it.each([
    ['no fence', 'text', null],
    ['closed', '```bash\nx\n```', null],
    ['open backticks', 'a\n````bash\nx\n```', '````'],
    ['open tildes', '~~~\nx\n```', '~~~'],
    ['a backtick in the info string is no fence', '``` a`b\nx', null],
    ['a longer closer closes', '```\nx\n`````', null],
  ])('%s', (_name, text, expected) => {
    expect(openFence(text)).toBe(expected);
  });
});

describe('boundText', () => {
  it('leaves a text within the limit as it is', () => {
    expect(boundText('short', 10)).toBe('short');
    expect(GITHUB_TEXT_LIMIT).toBeLessThan(65_536);
  });

  it('cuts a long text under the limit and ends it with the note', () => {
    const text = boundText('x'.repeat(100_000));
    expect(text.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(text.endsWith(`${truncatedNote()}\n`)).toBe(true);
    expect(boundText('y'.repeat(100), 60, 'cut').endsWith('\n\ncut\n')).toBe(true);
  });

  it('never leaves a lone surrogate at the cut', () => {
    for (let limit = 40; limit < 48; limit++) {
      const text = boundText('😀'.repeat(100), limit, 'note');
      expect(text.length).toBeLessThanOrEqual(limit);
      expect(text).not.toMatch(LONE_SURROGATE);
    }
  });

  it('closes a code fence left open by the cut, so the note is not shown as code', () => {
    const text = boundText(`intro\n\n\`\`\`\`bash\n${'echo x\n'.repeat(1_000)}\`\`\`\`\n`, 500, 'NOTE');
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toMatch(/\n````\n\nNOTE\n$/);
    expect(openFence(text)).toBeNull();
  });

  it('cuts before an HTML comment the cut would leave open', () => {
    const text = boundText(`intro <!-- marker${'x'.repeat(1_000)} -->`, 100, 'NOTE');
    expect(text).toBe('intro \n\nNOTE\n');
  });
});
