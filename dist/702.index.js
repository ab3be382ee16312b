export const id = 702;
export const ids = [702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6856);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3251);
/* harmony import */ var bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3916);
/* harmony import */ var _api_error_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3660);
// The one factory for the GitHub REST client: @actions/github's Octokit with retries, rate-limit throttling, request counting, clear errors.







/** A wait longer than this for a rate limit would hold the runner too long: give up and say so. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;
function createOctokit(opts) {
    if (opts.token.trim() === '') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .y('the github-token input is empty; pass a token (the default is ${{ github.token }})');
    }
    const baseUrl = (opts.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const retries = opts.retries ?? 3;
    const retryAfterBaseValue = opts.retryAfterBaseValue ?? 1000;
    const warn = (msg) => (opts.log ? opts.log.warn(msg) : console.warn(msg));
    const counts = { http: 0, calls: 0 };
    // Our own fetch replaces @actions/github's default one (options merge shallowly), so wrap it to keep proxy support.
    const baseFetch = opts.fetch ?? _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request?.fetch ?? globalThis.fetch;
    const countingFetch = (input, init) => {
        counts.http++;
        opts.onRequest?.(init?.method ?? 'GET', urlOf(input));
        return baseFetch(input, init);
    };
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        if (retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS) {
            warn(`GitHub ${kind} hit on ${options.method} ${options.url}; retrying in ${retryAfter}s (retry ${retryCount + 1} of ${retries}).`);
            return true;
        }
        return false;
    };
    const unpaced = opts.pacing === false
        ? {
            write: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2___default().Group)({ maxConcurrent: 1 }),
            notifications: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2___default().Group)({ maxConcurrent: 1 }),
            search: new (bottleneck_light_js__WEBPACK_IMPORTED_MODULE_2___default().Group)({ maxConcurrent: 1 }),
        }
        : {};
    const options = {
        baseUrl,
        userAgent: 'sop-engine',
        request: { fetch: countingFetch },
        // Failures that matter are thrown (toApiError below) and reported once by the caller; the 404s that
        // mean "not a collaborator" are expected answers, so nothing is logged per failed request.
        log: { debug: () => { }, info: () => { }, warn, error: () => { } },
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
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(opts.token, options, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_5__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_6__/* .throttling */ .A);
    // Registered after the plugins, so this wrap is outermost: it runs once per logical call and sees
    // only what the plugins gave up on.
    octokit.hook.wrap('request', async (request, options) => {
        counts.calls++;
        for (let attempt = 0;; attempt++) {
            try {
                return await request(options);
            }
            catch (error) {
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
function urlOf(input) {
    if (typeof input === 'string')
        return input;
    if (input instanceof URL)
        return input.href;
    return input.url;
}
function shape(error) {
    return typeof error === 'object' && error !== null ? error : {};
}
function isRateLimit(e) {
    const headers = e.response?.headers ?? {};
    return ((e.status === 403 || e.status === 429) &&
        (/\bsecondary rate\b/i.test(String(e.message ?? '')) || String(headers['x-ratelimit-remaining']) === '0'));
}
function bare429RetryAfter(error) {
    const e = shape(error);
    if (e.status !== 429 || isRateLimit(e))
        return null;
    const header = Number(e.response?.headers?.['retry-after']);
    return Number.isFinite(header) && header >= 0 ? header : 1;
}
function githubMessage(e) {
    const data = e.response?.data;
    if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string')
        return data.message;
    return typeof e.message === 'string' ? e.message : 'unknown error';
}
function toApiError(error, baseUrl) {
    if (error instanceof _api_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubApiError */ .OS)
        return error;
    const e = shape(error);
    const method = e.request?.method ?? 'GET';
    const path = e.request?.url ? new URL(e.request.url).pathname : '(unknown path)';
    const what = `${method} ${path}`;
    const status = typeof e.status === 'number' ? e.status : undefined;
    // Only the retry plugin's own retries (5xx, network) leave a trustworthy count on the error.
    const retried = status === undefined || status >= 500 ? (e.request?.request?.retryCount ?? 0) : 0;
    const after = retried > 0 ? ` after ${retried} ${retried === 1 ? 'retry' : 'retries'}` : '';
    if (status === undefined || (status === 500 && e.response === undefined)) {
        return new _api_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubApiError */ .OS(`Could not reach GitHub at ${baseUrl} (${what})${after}: ${(0,_api_error_js__WEBPACK_IMPORTED_MODULE_3__/* .errorText */ .kc)(error)}. Check the network and GITHUB_API_URL.`, { cause: error });
    }
    if (isRateLimit(e)) {
        return new _api_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubApiError */ .OS(`GitHub rate limit exceeded on ${what}${after}: ${githubMessage(e)}. Wait for the limit to reset, then re-run the workflow.`, { status, cause: error });
    }
    return new _api_error_js__WEBPACK_IMPORTED_MODULE_3__/* .GitHubApiError */ .OS(`GitHub API ${what} failed with HTTP ${status}${after}: ${githubMessage(e)}`, { status, cause: error });
}


/***/ })

};
