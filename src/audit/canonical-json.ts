// RFC 8785 (JCS) canonical JSON: the exact bytes the audit hash chain is computed over.

/**
 * Serialise a JSON value canonically: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings in their ECMAScript JSON.stringify form (which is what RFC 8785 specifies).
 * Values JSON cannot represent faithfully (NaN, Infinity, undefined inside arrays, functions,
 * bigint, symbols) are rejected so two machines can never hash different bytes for "the same" event.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error(`canonical JSON: ${path} is ${String(value)}; only finite numbers can be hashed`);
      }
      // JSON.stringify prints -0 as 0, as RFC 8785 requires.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new Error(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot represent`);
  }
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) throw new Error(`canonical JSON: ${path}[${i}] is undefined; use null`);
      items.push(serialise(item, `${path}[${i}]`));
    }
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  if (typeof (record as { toJSON?: unknown }).toJSON === 'function') {
    // Dates and similar: hash what JSON.stringify would write, so stored and hashed forms agree.
    return serialise((record as { toJSON: () => unknown }).toJSON(), path);
  }
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 asks for.
  const keys = Object.keys(record).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = record[key];
    // JSON.stringify drops undefined members; do the same so the stored file and the hash agree.
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${serialise(member, `${path}.${key}`)}`);
  }
  return `{${members.join(',')}}`;
}
