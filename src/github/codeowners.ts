// CODEOWNERS (PURE): where GitHub looks for it, its rules, and the owners it gives a path (last match wins).

/** GitHub reads the first of these that exists. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/** The entry of `approval.approvers` that stands for the owners CODEOWNERS gives the SOP file. */
export const CODEOWNERS_ENTRY = 'codeowners';

export interface CodeownersRule {
  pattern: string;
  /** 1-based line in the file. */
  line: number;
  /** As written: `@login`, `@org/team` or an email address. Empty: the paths are explicitly unowned. */
  owners: string[];
  regex: RegExp;
}

export interface Codeowners {
  /** Where the file was found, e.g. `.github/CODEOWNERS`. */
  path: string;
  rules: CodeownersRule[];
  /** Lines GitHub would also skip, with why (kept for error messages). */
  skipped: { line: number; reason: string }[];
}

/** Parse a CODEOWNERS file. Lines GitHub cannot use are skipped (as GitHub does) and reported. */
export function parseCodeowners(path: string, text: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const skipped: Codeowners['skipped'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = stripComment(raw).trim();
    if (content === '') return;
    const [pattern = '', ...owners] = splitFields(content);
    if (pattern.startsWith('!')) {
      skipped.push({ line, reason: `"${pattern}": CODEOWNERS has no negation (!) patterns` });
      return;
    }
    if (/(^|[^\\])\[/.test(pattern)) {
      skipped.push({ line, reason: `"${pattern}": CODEOWNERS has no [ ] character ranges` });
      return;
    }
    rules.push({ pattern, line, owners, regex: compilePattern(pattern) });
  });
  return { path, rules, skipped };
}

/** A `#` starts a comment unless escaped as `\#`. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}

/** Fields split on unescaped whitespace; `\ ` keeps a space inside a pattern. */
function splitFields(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (/\s/.test(ch)) {
      if (current !== '') fields.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') fields.push(current);
  return fields;
}

/**
 * GitHub's CODEOWNERS globs (gitignore rules without `!` and `[ ]`): a leading or inner `/`
 * anchors the pattern at the repository root, otherwise it matches at any depth; a trailing `/`
 * matches everything inside that folder; `*` stays inside one path segment and `**` crosses them;
 * a pattern naming a folder owns everything under it, but `docs/*` owns only the files directly in `docs`.
 */
export function compilePattern(pattern: string): RegExp {
  let p = pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] ?? '';
    if (ch === '\\' && i + 1 < p.length) {
      body += escapeRegex(p[i + 1] ?? '');
      i++;
    } else if (ch === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      const atStart = i === 0 || p[i - 1] === '/';
      if (atStart && slashAfter) {
        body += '(?:.*/)?';
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (ch === '*') body += '[^/]*';
    else if (ch === '?') body += '[^/]';
    else body += escapeRegex(ch);
  }
  const lastSegment = p.slice(p.lastIndexOf('/') + 1);
  const prefix = anchored ? '^' : '^(?:.*/)?';
  let suffix: string;
  if (dirOnly) suffix = '/.*$';
  else if (lastSegment.endsWith('*') && !lastSegment.endsWith('**')) suffix = '$';
  else suffix = '(?:/.*)?$';
  return new RegExp(prefix + body + suffix);
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The rule that decides `path` (repository-relative, `/`-separated): the last one that matches. */
export function ruleFor(codeowners: Codeowners, path: string): CodeownersRule | null {
  const clean = path.replace(/^\.?\//, '');
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (rule && rule.regex.test(clean)) return rule;
  }
  return null;
}

export type ResolvedOwners =
  | { ok: true; rule: CodeownersRule; /** As approvers are written: `login` and `@org/team`. */ approvers: string[] }
  | { ok: false; reason: string };

const USER_OWNER = /^@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)$/;
const TEAM_OWNER = /^@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

/**
 * The approvers CODEOWNERS gives `path`, or why there are none. Owners written as email
 * addresses cannot be matched to a login through the REST API, so they are left out.
 */
export function ownersFor(codeowners: Codeowners | null, path: string): ResolvedOwners {
  if (codeowners === null) {
    return {
      ok: false,
      reason: `approval.approvers names codeowners, but the repository has no CODEOWNERS file (looked in ${CODEOWNERS_LOCATIONS.join(', ')}); add one with a line such as "${path} @your-team-or-login", or list the approvers by login`,
    };
  }
  const rule = ruleFor(codeowners, path);
  if (rule === null) {
    return {
      ok: false,
      reason: `approval.approvers names codeowners, but no pattern in ${codeowners.path} matches ${path}; add a line such as "${path} @your-team-or-login"`,
    };
  }
  const approvers: string[] = [];
  for (const owner of rule.owners) {
    const user = USER_OWNER.exec(owner);
    if (user?.[1]) approvers.push(user[1]);
    else if (TEAM_OWNER.test(owner)) approvers.push(owner);
  }
  if (approvers.length === 0) {
    const why = rule.owners.length === 0 ? 'which names no owner' : `whose owners (${rule.owners.join(' ')}) are not @login or @org/team`;
    return {
      ok: false,
      reason: `approval.approvers names codeowners, but ${path} is decided by line ${rule.line} of ${codeowners.path} ("${rule.pattern}"), ${why}; give that pattern an owner written as @login or @org/team`,
    };
  }
  return { ok: true, rule, approvers: [...new Set(approvers)] };
}

/** The SOP's approvers with `codeowners` replaced by the owners of its file (order kept, no duplicates). */
export function expandApprovers(approvers: readonly string[], owners: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of approvers) {
    const items = entry === CODEOWNERS_ENTRY ? owners : [entry];
    for (const item of items) if (!out.some((o) => o.toLowerCase() === item.toLowerCase())) out.push(item);
  }
  return out;
}

export function namesCodeowners(approvers: readonly string[]): boolean {
  return approvers.includes(CODEOWNERS_ENTRY);
}

/** Validate-time check: every SOP that names `codeowners` must get at least one owner from the file. */
export function codeownersProblems(
  sops: readonly { path: string; approval: { approvers: string[] } }[],
  codeowners: Codeowners | null,
): { file: string; message: string }[] {
  const problems: { file: string; message: string }[] = [];
  for (const sop of sops) {
    if (!namesCodeowners(sop.approval.approvers)) continue;
    const owners = ownersFor(codeowners, sop.path);
    if (!owners.ok) problems.push({ file: sop.path, message: owners.reason });
  }
  return problems;
}
