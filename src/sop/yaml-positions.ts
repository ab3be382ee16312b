// YAML loading (js-yaml 4, core schema) that also records where every node sits, for located errors.
import yaml from './js-yaml.cjs';

/** A parsed YAML node and its source range (offsets into the YAML text). */
export interface YamlNode {
  start: number;
  end: number;
  value: unknown;
  children: YamlNode[];
}

/** 0-based line and column inside the YAML text. */
export interface YamlPoint {
  line: number;
  column: number;
}

export type PathPart = string | number;

/** Loads YAML with the one parser of the project; throws js-yaml's YAMLException on bad syntax. */
export function loadYamlWithPositions(text: string): { value: unknown; root: YamlNode | undefined } {
  const open: { start: number; childCount: number }[] = [];
  const done: YamlNode[] = [];
  const value = yaml.load(text, {
    schema: yaml.CORE_SCHEMA,
    // js-yaml reports every node's open and close; nodes closed while another is open are its children.
    listener(event, state) {
      if (event === 'open') {
        open.push({ start: state.position, childCount: done.length });
        return;
      }
      const o = open.pop();
      if (o === undefined) return;
      const children = done.splice(o.childCount);
      const result: unknown = state.result;
      done.push({ start: o.start, end: state.position, value: result, children });
    },
  });
  return { value, root: done[done.length - 1] };
}

/** js-yaml sometimes wraps a node in another with the same value (flow collections); see through it. */
function unwrap(node: YamlNode): YamlNode {
  let n = node;
  while (n.children.length === 1 && n.children[0]?.value === n.value && typeof n.value === 'object' && n.value !== null) {
    n = n.children[0] as YamlNode;
  }
  return n;
}

/** The key node and value node of `key` in a mapping node. */
function entry(node: YamlNode, key: string): { key: YamlNode; value: YamlNode } | undefined {
  const n = unwrap(node);
  for (let i = 0; i + 1 < n.children.length; i += 2) {
    const k = n.children[i] as YamlNode;
    if (String(k.value) === key) return { key: k, value: n.children[i + 1] as YamlNode };
  }
  return undefined;
}

/**
 * Finds where a path points: the key (for "unknown key"/"wrong type" errors) or the value (for
 * "bad value" errors). Falls back to the deepest ancestor found, then to undefined.
 */
export function locate(root: YamlNode | undefined, text: string, path: readonly PathPart[], what: 'key' | 'value'): YamlPoint | undefined {
  if (root === undefined) return undefined;
  let node = root;
  let best: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const part = path[i] as PathPart;
    const last = i === path.length - 1;
    if (typeof part === 'number') {
      const item = unwrap(node).children[part];
      if (item === undefined) break;
      node = item;
      best = skipSpace(text, node.start);
      continue;
    }
    const e = entry(node, part);
    if (e === undefined) break;
    node = e.value;
    best = last && what === 'key' ? e.key.start : valueStart(text, e);
  }
  return best === undefined ? undefined : pointAt(text, best);
}

/** A missing or empty value points at its key; otherwise at the first character of the value. */
function valueStart(text: string, e: { key: YamlNode; value: YamlNode }): number {
  if (e.value.value === null || e.value.value === undefined) return e.key.start;
  return skipSpace(text, e.value.start);
}

/** The source text of a value (e.g. `1.0` for a version YAML read as the number 1). */
export function sourceOf(root: YamlNode | undefined, text: string, path: readonly PathPart[]): string | undefined {
  if (root === undefined || path.length === 0) return undefined;
  let node = root;
  for (const part of path) {
    const next = typeof part === 'number' ? unwrap(node).children[part] : entry(node, part)?.value;
    if (next === undefined) return undefined;
    node = next;
  }
  return text.slice(node.start, node.end).trim();
}

function skipSpace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /[ \t\r\n]/.test(text[i] as string)) i++;
  return i;
}

function pointAt(text: string, offset: number): YamlPoint {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}
