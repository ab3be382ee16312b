// escapeHtml, quoted, inlineMarkdown: SOP-authored markdown whose raw HTML hides nothing.
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineMarkdown, quoted } from '../../src/text/escape-html.js';
import { rendered } from '../github/rendered.js';

describe('escapeHtml', () => {
  it('makes HTML outside code inert and leaves code untouched', () => {
    const md = 'a <b>x</b> `<i>` and\n\n```html\n<!-- kept -->\n```\n<!-- gone?';
    const out = escapeHtml(md);
    expect(rendered(out).html).toEqual([]);
    expect(out).toContain('`<i>`');
    expect(out).toContain('```html\n<!-- kept -->\n```');
    expect(rendered(out).text).toContain('a <b>x</b> <i> and');
  });
});

describe('quoted', () => {
  it('keeps an unclosed fence inside the quote', () => {
    const md = `${quoted('text\n```\nstill code')}\n\nafter`;
    expect(rendered(md).text).toContain('after');
  });
});

describe('inlineMarkdown', () => {
  it('puts a title on one line with HTML escaped', () => {
    expect(inlineMarkdown('Deploy\n<!-- x')).toBe('Deploy &lt;!-- x');
  });
});
