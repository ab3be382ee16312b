// Payload checks against the SOP's inputs contract.
import { describe, expect, it } from 'vitest';
import { validatePayload } from '../../src/engine/payload.js';
import { makeSop } from './fixtures.js';

const def = makeSop({
  inputs: {
    version: { description: 'Tag to deploy', required: true, pattern: '^v[0-9.]+$' },
    env: { required: false, default: 'staging', pattern: 'staging|production' },
    replicas: { required: false, pattern: '[0-9]+' },
    extra: { required: false },
  },
});

describe('validatePayload', () => {
  it('applies defaults and keeps given values', () => {
    expect(validatePayload(def, { version: 'v1.2.3' })).toEqual({ ok: true, payload: { version: 'v1.2.3', env: 'staging' } });
    expect(validatePayload(def, { version: 'v1', env: 'production', replicas: 3, extra: { a: [1] } })).toEqual({
      ok: true,
      payload: { version: 'v1', env: 'production', replicas: 3, extra: { a: [1] } },
    });
  });

  it('names a missing required input with its description', () => {
    expect(validatePayload(def, {})).toEqual({ ok: false, errors: ['payload: "version" is required (Tag to deploy)'] });
  });

  it('matches the whole value: an unanchored alternation cannot pass on a part', () => {
    const r = validatePayload(def, { version: 'v1', env: 'staging-old' });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/"env".*"staging-old".*does not match pattern staging\|production/)] });
    expect(validatePayload(def, { version: 'v1', replicas: '3x' }).ok).toBe(false);
    expect(validatePayload(def, { version: 'v1', replicas: 12 }).ok).toBe(true);
  });

  it('truncates a long offending value in the message', () => {
    const r = validatePayload(def, { version: 'x'.repeat(500) });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : (r.errors[0] ?? '');
    expect(message).toContain('"version" (Tag to deploy)');
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(200);
  });

  it('refuses objects and arrays where a pattern applies', () => {
    const r = validatePayload(def, { version: ['v1'] });
    expect(r).toEqual({ ok: false, errors: [expect.stringContaining('"version" must be a string, number or boolean')] });
  });

  it('refuses undeclared keys, listing the allowed ones', () => {
    const r = validatePayload(def, { version: 'v1', colour: 'red', size: 1 });
    expect(r).toEqual({
      ok: false,
      errors: ['payload: keys "colour", "size" are not declared by SOP "deploy-frontend"; allowed keys: version, env, replicas, extra'],
    });
  });

  it('allows any keys when no inputs are declared', () => {
    expect(validatePayload(makeSop(), { anything: { nested: true } })).toEqual({ ok: true, payload: { anything: { nested: true } } });
  });

  it('requires a JSON object', () => {
    for (const bad of [null, [], 'text', 3]) {
      expect(validatePayload(makeSop(), bad)).toEqual({ ok: false, errors: [expect.stringContaining('payload must be a JSON object')] });
    }
  });

  it('reports every problem at once', () => {
    const r = validatePayload(def, { env: 'dev', colour: 'red' });
    expect(r.ok ? [] : r.errors).toHaveLength(3);
  });
});

describe('validatePayload: text from JSON', () => {
  it('replaces lone surrogates, so none reaches the state or the audit', () => {
    const raw = JSON.parse('{"note": "a\\ud800", "list": ["\\udc00"]}') as unknown;
    expect(validatePayload(makeSop({ inputs: {} }), raw)).toEqual({ ok: true, payload: { note: 'a\uFFFD', list: ['\uFFFD'] } });
  });
});
