// Keeps texts sent to GitHub within its limits: cut on a code point boundary, fences closed, with a visible note.

/** GitHub refuses issue and PR bodies and comments of 65,536 characters or more (422 "body is too long"). */
export const GITHUB_TEXT_LIMIT = 65_535;

/** What a cut text ends with unless the caller says otherwise. */
export function truncatedNote(stateBranch = 'sop-state'): string {
  return `*… truncated: this text was longer than GitHub allows; the full text is on the \`${stateBranch}\` branch.*`;
}

/** The first `max` UTF-16 code units of `text`, one fewer when the cut would split a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  // A high surrogate at the end would be left without its low half.
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fence that closes a fenced code block left open at the end of `markdown`, or null when none is open. */
export function openFence(markdown: string): string | null {
  let open: string | null = null;
  for (const line of markdown.split('\n')) {
    const m = FENCE.exec(line);
    if (m === null) continue;
    const run = m[1] ?? '';
    const rest = m[2] ?? '';
    if (open === null) {
      // A backtick fence's info string may not contain a backtick (CommonMark 4.5).
      if (!(run.startsWith('`') && rest.includes('`'))) open = run;
    } else if (run[0] === open[0] && run.length >= open.length && rest.trim() === '') {
      open = null;
    }
  }
  return open;
}

/**
 * `markdown` when it has at most `limit` characters; otherwise its start, cut on a code point boundary, with any
 * open code fence or HTML comment closed so the note after it shows, and the note. The result never exceeds `limit`.
 */
export function boundText(markdown: string, limit: number = GITHUB_TEXT_LIMIT, note: string = truncatedNote()): string {
  if (markdown.length <= limit) return markdown;
  const tail = `\n\n${note}\n`;
  let budget = limit - tail.length;
  for (;;) {
    let head = cutAt(markdown, budget);
    // An HTML comment opened and not closed before the cut would hide the note: cut before it instead.
    const comment = head.lastIndexOf('<!--');
    if (comment >= 0 && head.indexOf('-->', comment) < 0) head = head.slice(0, comment);
    const fence = openFence(head);
    const closed = fence === null ? head : `${head}\n${fence}`;
    if (closed.length + tail.length <= limit || budget <= 0) return cutAt(`${closed}${tail}`, limit);
    budget -= closed.length + tail.length - limit;
  }
}
