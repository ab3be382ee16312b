// The one factory for the GitHub REST client: @actions/github's Octokit with retries, rate-limit throttling, request counting, clear errors.
import { getOctokit } from '@actions/github';
import { defaults as actionsDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { UserError } from '../errors.js';
import { GitHubApiError, errorText } from './api-error.js';

/** HTTP attempts (retries included) and logical calls (one per `request`, one per page when paginating). */
export interface RequestCounts {
  http: number;
  calls: number;
}

/** The REST client every GitHub function here takes; `counts` feeds the API budget checks. */
export type GitHubClient = ReturnType<typeof getOctokit> & { readonly counts: RequestCounts };

export interface CreateOctokitOptions {
  token: string;
  /** Default: $GITHUB_API_URL, else https://api.github.com (GHES: https://host/api/v3). */
  baseUrl?: string;
  /** Default: @actions/github's fetch, which honours the runner's proxy settings (https_proxy, no_proxy). */
  fetch?: typeof fetch;
  /** Retries after a 5xx, a network failure or a rate limit (default 3). */
  retries?: number;
  /** Milliseconds per second of back-off or `retry-after` (default 1000; tests use a few ms). */
  retryAfterBaseValue?: number;
  /** Space writes as GitHub recommends against secondary rate limits (default true; tests turn it off). */
  pacing?: boolean;
  /** Called before every real HTTP attempt, retries included. */
  onRequest?: (method: string, url: string) => void;
  log?: { warn(msg: string): void };
}

/** A wait longer than this for a rate limit would hold the runner too long: give up and say so. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

export function createOctokit(opts: CreateOctokitOptions): GitHubClient {
  if (opts.token.trim() === '') {
    throw new UserError('the github-token input is empty; pass a token (the default is ${{ github.token }})');
  }
  const baseUrl = (opts.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const retries = opts.retries ?? 3;
  const retryAfterBaseValue = opts.retryAfterBaseValue ?? 1000;
  const warn = (msg: string): void => (opts.log ? opts.log.warn(msg) : console.warn(msg));
  const counts: RequestCounts = { http: 0, calls: 0 };

  // Our own fetch replaces @actions/github's default one (options merge shallowly), so wrap it to keep proxy support.
  const baseFetch: typeof fetch = opts.fetch ?? (actionsDefaults.request?.fetch as typeof fetch | undefined) ?? globalThis.fetch;
  const countingFetch: typeof fetch = (input, init) => {
    counts.http++;
    opts.onRequest?.(init?.method ?? 'GET', urlOf(input));
    return baseFetch(input, init);
  };

  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      if (retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS) {
        warn(`GitHub ${kind} hit on ${options.method} ${options.url}; retrying in ${retryAfter}s (retry ${retryCount + 1} of ${retries}).`);
        return true;
      }
      return false;
    };

  const unpaced = opts.pacing === false
    ? {
        write: new Bottleneck.Group({ maxConcurrent: 1 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
        search: new Bottleneck.Group({ maxConcurrent: 1 }),
      }
    : {};

  const options = {
    baseUrl,
    userAgent: 'sop-engine',
    request: { fetch: countingFetch },
    // Failures that matter are thrown (toApiError below) and reported once by the caller; the 404s that
    // mean "not a collaborator" are expected answers, so nothing is logged per failed request.
    log: { debug: () => {}, info: () => {}, warn, error: () => {} },
    // 429 belongs to the throttling plugin (it reads retry-after / x-ratelimit-reset); 5xx to the retry plugin.
    retry: { retries, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      ...unpaced,
    },
  };
  const octokit = getOctokit(opts.token, options, retry, throttling);

  // Registered after the plugins, so this wrap is outermost: it runs once per logical call and sees
  // only what the plugins gave up on.
  octokit.hook.wrap('request', async (request, options) => {
    counts.calls++;
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (error) {
        // A bare 429 (no GitHub rate-limit markers, e.g. from a proxy) is not retried by the plugins.
        const wait = bare429RetryAfter(error);
        if (wait !== null && attempt < retries) {
          await new Promise((resolve) => setTimeout(resolve, wait * retryAfterBaseValue));
          continue;
        }
        throw toApiError(error, baseUrl);
      }
    }
  });

  return Object.assign(octokit, { counts });
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

interface ErrorShape {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  request?: { method?: string; url?: string; request?: { retryCount?: number } };
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

function isRateLimit(e: ErrorShape): boolean {
  const headers = e.response?.headers ?? {};
  return (
    (e.status === 403 || e.status === 429) &&
    (/\bsecondary rate\b/i.test(String(e.message ?? '')) || String(headers['x-ratelimit-remaining']) === '0')
  );
}

function bare429RetryAfter(error: unknown): number | null {
  const e = shape(error);
  if (e.status !== 429 || isRateLimit(e)) return null;
  const header = Number(e.response?.headers?.['retry-after']);
  return Number.isFinite(header) && header >= 0 ? header : 1;
}

function githubMessage(e: ErrorShape): string {
  const data = e.response?.data;
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string') return data.message;
  return typeof e.message === 'string' ? e.message : 'unknown error';
}

function toApiError(error: unknown, baseUrl: string): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const e = shape(error);
  const method = e.request?.method ?? 'GET';
  const path = e.request?.url ? new URL(e.request.url).pathname : '(unknown path)';
  const what = `${method} ${path}`;
  const status = typeof e.status === 'number' ? e.status : undefined;
  // Only the retry plugin's own retries (5xx, network) leave a trustworthy count on the error.
  const retried = status === undefined || status >= 500 ? (e.request?.request?.retryCount ?? 0) : 0;
  const after = retried > 0 ? ` after ${retried} ${retried === 1 ? 'retry' : 'retries'}` : '';
  if (status === undefined || (status === 500 && e.response === undefined)) {
    return new GitHubApiError(
      `Could not reach GitHub at ${baseUrl} (${what})${after}: ${errorText(error)}. Check the network and GITHUB_API_URL.`,
      { cause: error },
    );
  }
  if (isRateLimit(e)) {
    return new GitHubApiError(
      `GitHub rate limit exceeded on ${what}${after}: ${githubMessage(e)}. Wait for the limit to reset, then re-run the workflow.`,
      { status, cause: error },
    );
  }
  return new GitHubApiError(`GitHub API ${what} failed with HTTP ${status}${after}: ${githubMessage(e)}`, { status, cause: error });
}
