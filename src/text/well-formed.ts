// Replaces lone UTF-16 surrogates, which JSON can carry ("\ud800") but UTF-8 and canonical JSON cannot, with U+FFFD.

const LONE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_LONE = new RegExp(LONE);
const EVERY_LONE = new RegExp(LONE, 'g');

/**
 * The text with every lone surrogate replaced by U+FFFD (as String.prototype.toWellFormed does).
 * Call it where text from JSON (webhook payloads, comment bodies, --payload) enters the run state or the audit:
 * a lone surrogate cannot be written as UTF-8, so two serialisers would disagree on the audit hash.
 */
export function toWellFormed(text: string): string {
  return HAS_LONE.test(text) ? text.replace(EVERY_LONE, '\uFFFD') : text;
}

/** The same for every string inside a JSON-like value (object keys included); other values are kept as they are. */
export function wellFormedDeep<T>(value: T): T {
  if (typeof value === 'string') return toWellFormed(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => wellFormedDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    // fromEntries, so a key such as `__proto__` stays an ordinary key.
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [toWellFormed(k), wellFormedDeep(v)]),
    ) as T;
  }
  return value;
}
