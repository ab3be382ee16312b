import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSop, loadSopIndex, loadSops, sopFolder, validatePaths } from '../../src/sop/load.js';
import { observeParsing, parseSop, type ParseDepth } from '../../src/sop/parse.js';

const sopText = (name: string, extra = ''): string => `---\nname: ${name}\ndescription: Does ${name}\n${extra}---\n## Step 1: Go\n\`\`\`bash\necho ${name}\n\`\`\`\n`;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'sop-load-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(rel: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

describe('loadSops', () => {
  it('gives for each file exactly what parseSop gives', async () => {
    const plain = sopText('plain');
    const rich = `${sopText('rich')}- item\n> quote\n## Step 2: More\n1. one\n`;
    const broken = `${sopText('broken')}\`\`\`bash\nunclosed\n## Step 3: Later\n`;
    await put('sops/plain.md', plain);
    await put('sops/rich.md', rich);
    await put('sops/broken.md', broken);
    const catalog = await loadSops('sops', { root });
    const expected = [parseSop('sops/broken.md', broken), parseSop('sops/plain.md', plain), parseSop('sops/rich.md', rich)];
    expect(catalog.sops).toEqual(expected.flatMap((r) => (r.ok ? [r.sop] : [])));
    expect(catalog.errors).toEqual(expected.flatMap((r) => (r.ok ? [] : r.errors)));
    expect(catalog.sops.map((s) => s.name)).toContain('rich');
  });

  it('loads every *.md recursively except README.md, sorted, with paths relative to root', async () => {
    await put('sops/zeta.md', sopText('zeta'));
    await put('sops/alpha.md', sopText('alpha'));
    await put('sops/team/nested.md', sopText('nested'));
    await put('sops/README.md', '# About these SOPs\n');
    await put('sops/team/readme.md', 'not an SOP');
    await put('sops/notes.txt', 'not markdown');
    const catalog = await loadSops('sops', { root });
    expect(catalog.errors).toEqual([]);
    expect(catalog.badFiles).toEqual([]);
    expect(catalog.sops.map((s) => [s.path, s.name])).toEqual([
      ['sops/alpha.md', 'alpha'],
      ['sops/team/nested.md', 'nested'],
      ['sops/zeta.md', 'zeta'],
    ]);
  });

  it('lists the good SOPs and reports the bad ones', async () => {
    await put('sops/good.md', sopText('good'));
    await put('sops/bad.md', sopText('bad', 'priority: urgent\n'));
    await put('sops/junk.md', Uint8Array.from([0, 1, 2, 255]));
    const catalog = await loadSops(join(root, 'sops'), { root });
    expect(catalog.sops.map((s) => s.name)).toEqual(['good']);
    expect(catalog.badFiles).toEqual(['sops/bad.md', 'sops/junk.md']);
    expect(catalog.errors.map((e) => `${e.file}:${e.line}:${e.column}`)).toEqual(['sops/bad.md:4:11', 'sops/junk.md:1:1']);
  });

  it('reports a duplicate name in both files, each naming the other, and lists neither', async () => {
    await put('sops/a.md', sopText('deploy'));
    await put('sops/b.md', sopText('deploy'));
    await put('sops/c.md', sopText('other'));
    const catalog = await loadSops('sops', { root });
    expect(catalog.sops.map((s) => s.name)).toEqual(['other']);
    expect(catalog.badFiles).toEqual(['sops/a.md', 'sops/b.md']);
    expect(catalog.errors).toEqual([
      { file: 'sops/a.md', line: 2, column: 7, message: 'name "deploy" is also used by sops/b.md:2:7', hint: expect.stringMatching(/rename one of them/) },
      { file: 'sops/b.md', line: 2, column: 7, message: 'name "deploy" is also used by sops/a.md:2:7', hint: expect.stringMatching(/rename one of them/) },
    ]);
  });

  it('gives an error, not an exception, for a missing folder', async () => {
    const catalog = await loadSops('nowhere', { root });
    expect(catalog.sops).toEqual([]);
    expect(catalog.errors).toEqual([{ file: 'nowhere', line: 1, column: 1, message: 'SOP folder "nowhere" does not exist', hint: expect.stringMatching(/--dir .*sops-dir/) }]);
  });

  it('shows absolute paths for files outside root', async () => {
    await put('sops/a.md', sopText('a'));
    const catalog = await loadSops(join(root, 'sops'), { root: join(root, 'elsewhere') });
    expect(catalog.sops[0]?.path).toBe(join(root, 'sops', 'a.md'));
  });
});

describe('validatePaths', () => {
  it('validates files (whatever their name) and folders, checking names across all of them', async () => {
    await put('sops/a.md', sopText('a'));
    await put('sops/README.md', '# docs, skipped in folders');
    await put('extra/README.md', sopText('readme-sop'));
    await put('extra/dup.markdown', sopText('a'));
    const catalog = await validatePaths(['sops', 'extra/README.md', 'extra/dup.markdown', 'sops/a.md'], { root });
    expect(catalog.sops.map((s) => s.name)).toEqual(['readme-sop']);
    expect(catalog.badFiles).toEqual(['extra/dup.markdown', 'sops/a.md']);
    expect(catalog.errors.map((e) => e.message)).toEqual([
      'name "a" is also used by sops/a.md:2:7',
      'name "a" is also used by extra/dup.markdown:2:7',
    ]);
  });

  it('reports a path that does not exist and still validates the others', async () => {
    await put('sops/a.md', sopText('a'));
    const catalog = await validatePaths(['missing.md', 'sops/a.md'], { root });
    expect(catalog.sops.map((s) => s.name)).toEqual(['a']);
    expect(catalog.errors).toEqual([{ file: 'missing.md', line: 1, column: 1, message: '"missing.md" does not exist', hint: expect.any(String) }]);
  });
});

describe('findSop', () => {
  it('finds an SOP by name, or suggests a close one and lists the known names', async () => {
    await put('sops/deploy.md', sopText('deploy'));
    await put('sops/backup.md', sopText('backup'));
    await put('sops/broken.md', 'no frontmatter');
    const catalog = await loadSops('sops', { root });
    const found = findSop(catalog, 'deploy');
    expect(found.ok && found.sop.path).toBe('sops/deploy.md');
    expect(findSop(catalog, 'deplyo')).toEqual({
      ok: false,
      error: 'no SOP named "deplyo" (did you mean "deploy"?); known SOPs: backup, deploy; 1 file has errors (sops/broken.md): run "sop validate" to see them',
    });
    expect(findSop({ sops: [], badFiles: [] }, 'x')).toEqual({ ok: false, error: 'no SOP named "x"; no valid SOPs were found' });
  });
});

/** Every file the loader parses, and how deeply, while `work` runs. */
async function parsedDuring(work: () => Promise<unknown>): Promise<[string, ParseDepth][]> {
  const seen: [string, ParseDepth][] = [];
  const restore = observeParsing((path, depth) => seen.push([path, depth]));
  try {
    await work();
  } finally {
    restore();
  }
  return seen;
}

describe('loadSopIndex', () => {
  it('reads names and triggers from the frontmatter without parsing any step', async () => {
    await put('sops/nightly.md', sopText('nightly', 'triggers:\n  - type: cron\n    expression: "0 3 * * *"\n'));
    // A broken body is not the index's concern: only the frontmatter is read.
    await put('sops/bad-body.md', `${sopText('bad-body')}## Step 3: Skips two\n`);
    await put('sops/bad-front.md', sopText('bad-front', 'priority: urgent\n'));
    let index: Awaited<ReturnType<typeof loadSopIndex>> | undefined;
    const seen = await parsedDuring(async () => {
      index = await loadSopIndex('sops', { root });
    });
    expect(seen.map(([, depth]) => depth)).toEqual(['frontmatter', 'frontmatter', 'frontmatter']);
    expect(index?.sops.map((s) => [s.name, s.triggers])).toEqual([
      ['bad-body', [{ type: 'manual' }]],
      ['nightly', [{ type: 'cron', expression: '0 3 * * *' }]],
    ]);
    expect(index?.badFiles).toEqual(['sops/bad-front.md']);
    expect(index?.errors.map((e) => e.message)).toEqual([expect.stringMatching(/priority/)]);
  });

  it('excludes both files of a duplicate name, as the full catalog does', async () => {
    await put('sops/a.md', sopText('deploy'));
    await put('sops/b.md', sopText('deploy'));
    const index = await loadSopIndex('sops', { root });
    expect(index.sops).toEqual([]);
    expect(index.badFiles).toEqual(['sops/a.md', 'sops/b.md']);
  });
});

describe('sopFolder', () => {
  it('parses only the SOP it was asked for, and returns the text it parsed', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) await put(`sops/${name}.md`, sopText(name));
    let loaded: Awaited<ReturnType<ReturnType<typeof sopFolder>['load']>> | undefined;
    const seen = await parsedDuring(async () => {
      loaded = await sopFolder('sops', { root }).load('beta');
    });
    expect(seen.filter(([, depth]) => depth === 'full')).toEqual([['sops/beta.md', 'full']]);
    expect(loaded).toEqual({ ok: true, sop: { def: expect.objectContaining({ name: 'beta', path: 'sops/beta.md' }), source: sopText('beta') } });
  });

  it('refuses a named SOP whose steps are broken, saying where and how to see every error', async () => {
    await put('sops/broken.md', `${sopText('broken')}## Step 3: Skips two\n`);
    const loaded = await sopFolder('sops', { root }).load('broken');
    expect(loaded).toEqual({
      ok: false,
      error: 'SOP "broken" has errors and cannot run: sops/broken.md:9:1: step numbers must count 1, 2, 3 (found Step 3 after Step 1); run "sop validate sops/broken.md" to see them all',
    });
  });

  it('reads the folder once however many SOPs a request loads', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) await put(`sops/${name}.md`, sopText(name));
    const folder = sopFolder('sops', { root });
    const seen = await parsedDuring(async () => {
      await folder.index();
      await folder.load('alpha');
      await folder.load('gamma');
    });
    expect(seen).toEqual([
      ['sops/alpha.md', 'frontmatter'],
      ['sops/beta.md', 'frontmatter'],
      ['sops/gamma.md', 'frontmatter'],
      ['sops/alpha.md', 'full'],
      ['sops/gamma.md', 'full'],
    ]);
  });

  it('names close matches for an unknown name, and a missing folder as the cause', async () => {
    await put('sops/deploy.md', sopText('deploy'));
    expect(await sopFolder('sops', { root }).load('deplyo')).toEqual({ ok: false, error: 'no SOP named "deplyo" (did you mean "deploy"?); known SOPs: deploy' });
    expect(await sopFolder('nowhere', { root }).load('deploy')).toEqual({ ok: false, error: 'no SOP named "deploy"; no valid SOPs were found; SOP folder "nowhere" does not exist' });
  });
});
