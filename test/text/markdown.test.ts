// Markdown helpers: fences, code spans, escaping, invisible characters.
import { describe, expect, it } from 'vitest';
import { codeSpan, fenced, literal, showInvisible } from '../../src/text/markdown.js';
import { rendered } from '../github/rendered.js';

describe('fenced', () => {
  it('uses a fence longer than any backtick run inside, and shows the text exactly', () => {
    expect(fenced('a\nb\n', 'bash')).toBe('```bash\na\nb\n```');
    for (const text of ['```', 'x ```` y\n```', '~~~\n```\n````````', '   ````']) {
      const md = fenced(text, 'sh');
      expect(rendered(`${md}\n\nafter`).code).toEqual([{ lang: 'sh', value: text }]);
    }
  });
});

describe('codeSpan', () => {
  it.each(['plain', 'a`b', '`lead', 'trail`', ' both ', '``x``'])('shows %j literally', (text) => {
    expect(rendered(codeSpan(text)).text).toBe(text);
  });
});

describe('literal', () => {
  it.each([
    'plain words',
    '**not bold** _nor this_ ~~nor~~ `code`',
    '# not a heading',
    '- not a list',
    '1. not a list',
    '> not a quote',
    '[not](a link) ![nor](an image)',
    '<b>not html</b> <!-- nor -->',
    '| not | a table |',
    '$not math$ &amp; not an entity',
    'back\\slash',
  ])('shows %j as written', (text) => {
    const view = rendered(literal(text));
    expect(view.html).toEqual([]);
    expect(view.text).toBe(text);
  });

  it('puts the text on one line and bounds it', () => {
    expect(literal('a\nb\r\nc')).toBe('a b c');
    expect(literal('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('showInvisible', () => {
  it('names direction marks, zero widths and controls, and keeps tabs and newlines', () => {
    expect(showInvisible('a\u202Eb\u200Bc\t\nd\u0007\u2028')).toEqual({
      text: 'a⟨U+202E⟩b⟨U+200B⟩c\t\nd⟨U+0007⟩⟨U+2028⟩',
      found: ['U+202E', 'U+200B', 'U+0007', 'U+2028'],
    });
    expect(showInvisible('héllo 😀')).toEqual({ text: 'héllo 😀', found: [] });
  });
});
