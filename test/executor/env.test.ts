// Tests for the step environment: SOP_* names, values, precedence and what is dropped.
import { describe, expect, it } from 'vitest';
import { buildStepEnv, envKey } from '../../src/executor/env.js';
import type { StepRequest } from '../../src/executor/types.js';

function request(overrides: Partial<StepRequest> = {}): StepRequest {
  return {
    runId: 'run-20260101-abc123',
    sopName: 'deploy',
    step: 2,
    stepTitle: 'Deploy it',
    code: 'true',
    payload: {},
    outputs: {},
    cwd: '/repo',
    baseEnv: {},
    timeoutMs: 1000,
    ...overrides,
  };
}

describe('envKey', () => {
  it.each([
    ['version', 'VERSION'],
    ['Build-Id', 'BUILD_ID'],
    ['a.b c', 'A_B_C'],
    ['a;b', 'A_B'],
    ['$(touch x)', '__TOUCH_X_'],
    ['x1_y2', 'X1_Y2'],
    ['héllo', 'H_LLO'],
    ['rocket🚀', 'ROCKET_'],
    ['', ''],
  ])('%j becomes %j', (key, expected) => {
    expect(envKey(key)).toBe(expected);
  });
});

describe('buildStepEnv', () => {
  it('sets the fixed SOP_* variables', () => {
    const env = buildStepEnv(request({ payload: { v: 'v1.2' } }), '/tmp/out');
    expect(env).toMatchObject({
      SOP_RUN_ID: 'run-20260101-abc123',
      SOP_NAME: 'deploy',
      SOP_STEP: '2',
      SOP_STEP_TITLE: 'Deploy it',
      SOP_PAYLOAD: '{"v":"v1.2"}',
      SOP_OUTPUT: '/tmp/out',
      SOP_OUTPUTS: '{}',
    });
  });

  it('passes top-level scalars of the payload, skipping null, objects and arrays', () => {
    const env = buildStepEnv(
      request({
        payload: {
          version: 'v1',
          'dry-run': true,
          off: false,
          count: 3,
          ratio: 0.5,
          nothing: null,
          nested: { a: 1 },
          list: [1, 2],
          empty: '',
        },
      }),
      '/tmp/out',
    );
    const payloadVars = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('SOP_PAYLOAD_')));
    expect(payloadVars).toEqual({
      SOP_PAYLOAD_VERSION: 'v1',
      SOP_PAYLOAD_DRY_RUN: 'true',
      SOP_PAYLOAD_OFF: 'false',
      SOP_PAYLOAD_COUNT: '3',
      SOP_PAYLOAD_RATIO: '0.5',
      SOP_PAYLOAD_EMPTY: '',
    });
    expect(JSON.parse(env.SOP_PAYLOAD ?? '')).toEqual({
      version: 'v1',
      'dry-run': true,
      off: false,
      count: 3,
      ratio: 0.5,
      nothing: null,
      nested: { a: 1 },
      list: [1, 2],
      empty: '',
    });
  });

  it('passes earlier outputs with a later step winning, in numeric step order', () => {
    const outputs = {
      '10': { artifact: 'from-10' },
      '9': { artifact: 'from-9', only9: 'x' },
      '2': { artifact: 'from-2', 'image-tag': 'abc' },
    };
    const env = buildStepEnv(request({ step: 11, outputs }), '/tmp/out');
    expect(env.SOP_OUT_ARTIFACT).toBe('from-10');
    expect(env.SOP_OUT_ONLY9).toBe('x');
    expect(env.SOP_OUT_IMAGE_TAG).toBe('abc');
    expect(JSON.parse(env.SOP_OUTPUTS ?? '')).toEqual(outputs);
  });

  it('keeps the caller environment but drops inherited SOP_* variables and undefined values', () => {
    const env = buildStepEnv(
      request({
        baseEnv: { PATH: '/usr/bin', HOME: '/home/x', SOP_OUT_STALE: 'old', SOP_PAYLOAD_X: 'old', SOP_STATE: 'dir:/x', GONE: undefined },
        outputs: { '1': { fresh: 'new' } },
      }),
      '/tmp/out',
    );
    expect(env.PATH).toBe('/usr/bin');
    expect(env.HOME).toBe('/home/x');
    expect(env.SOP_OUT_FRESH).toBe('new');
    expect('SOP_OUT_STALE' in env).toBe(false);
    expect('SOP_PAYLOAD_X' in env).toBe(false);
    expect('SOP_STATE' in env).toBe(false);
    expect('GONE' in env).toBe(false);
  });

  it('cannot let a caller variable override a fixed SOP_* name', () => {
    const env = buildStepEnv(request({ baseEnv: { SOP_OUTPUT: '/etc/passwd', SOP_RUN_ID: 'fake' } }), '/tmp/out');
    expect(env.SOP_OUTPUT).toBe('/tmp/out');
    expect(env.SOP_RUN_ID).toBe('run-20260101-abc123');
  });

  it('derives only safe variable names from hostile keys', () => {
    const env = buildStepEnv(
      request({ payload: { 'a;b': '1', '$(id)': '2', 'x y\nz': '3' }, outputs: { '1': { '`k`': '4' } } }),
      '/tmp/out',
    );
    const derived = Object.keys(env).filter((k) => k.startsWith('SOP_'));
    for (const name of derived) expect(name).toMatch(/^[A-Z0-9_]+$/);
    expect(env.SOP_PAYLOAD_A_B).toBe('1');
    expect(env.SOP_PAYLOAD___ID_).toBe('2');
    expect(env.SOP_PAYLOAD_X_Y_Z).toBe('3');
    expect(env.SOP_OUT__K_).toBe('4');
  });
});

describe('buildStepEnv: credentials never reach a step (SPEC 5.6)', () => {
  const runnerEnv = {
    PATH: '/usr/bin',
    DEPLOY_KEY: 'k',
    'INPUT_GITHUB-TOKEN': 'ghs_input',
    INPUT_PAYLOAD: '{"api_key":"s3cret"}',
    ACTIONS_RUNTIME_TOKEN: 'runtime',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
    ACTIONS_CACHE_URL: 'https://cache',
    ACTIONS_RESULTS_URL: 'https://results',
    GITHUB_TOKEN: 'ghs_from_the_job_env',
    GITHUB_REPOSITORY: 'acme/ops',
  };

  it('a step that runs `env` sees neither the Action inputs, nor the runtime tokens, nor GITHUB_TOKEN', () => {
    const env = buildStepEnv(request({ baseEnv: runnerEnv }), '/tmp/out');
    expect(Object.keys(env).filter((k) => !k.startsWith('SOP_')).sort()).toEqual(['DEPLOY_KEY', 'GITHUB_REPOSITORY', 'PATH']);
  });

  it('a step of an SOP with github_token: true gets the token it is handed as GITHUB_TOKEN, and still no input', () => {
    const env = buildStepEnv(request({ baseEnv: runnerEnv, githubToken: 'ghs_action' }), '/tmp/out');
    expect(env.GITHUB_TOKEN).toBe('ghs_action');
    expect(env['INPUT_GITHUB-TOKEN']).toBeUndefined();
    expect(buildStepEnv(request({ baseEnv: runnerEnv, githubToken: '' }), '/tmp/out').GITHUB_TOKEN).toBeUndefined();
  });
});
