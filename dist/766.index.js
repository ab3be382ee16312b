export const id = 766;
export const ids = [766];
export const modules = {

/***/ 3766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ownersAtPin: () => (/* binding */ ownersAtPin),
/* harmony export */   readCodeownersAt: () => (/* binding */ readCodeownersAt),
/* harmony export */   readCodeownersInTree: () => (/* binding */ readCodeownersInTree),
/* harmony export */   withCodeownersCheck: () => (/* binding */ withCodeownersCheck)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _codeowners_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3506);
// Reads the repository's CODEOWNERS: at a run's pinned commit (git), or from the working tree (validate).





const run = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
async function git(cwd, args) {
    try {
        const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 << 20 });
        return stdout;
    }
    catch {
        return null;
    }
}
/**
 * CODEOWNERS as it was at `commit` (first of .github/, root, docs/), or null when none exists
 * there. A shallow checkout may lack the commit: it is fetched first. Throws when the commit
 * cannot be read at all, so a missing object is never mistaken for a missing file.
 */
async function readCodeownersAt(repoDir, commit) {
    if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
        await git(repoDir, ['fetch', '--no-tags', '--depth=1', 'origin', commit]);
        if ((await git(repoDir, ['cat-file', '-e', `${commit}^{commit}`])) === null) {
            throw new Error(`cannot read commit ${commit} (the run's pinned commit) to find its CODEOWNERS file; fetch it into the workspace`);
        }
    }
    for (const path of _codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_LOCATIONS */ .B$) {
        const text = await git(repoDir, ['show', `${commit}:${path}`]);
        if (text !== null)
            return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCodeowners */ .BW)(path, text);
    }
    return null;
}
/** CODEOWNERS in the working tree under `root`, or null. */
async function readCodeownersInTree(root) {
    for (const path of _codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_LOCATIONS */ .B$) {
        try {
            return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCodeowners */ .BW)(path, await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, path), 'utf8'));
        }
        catch (error) {
            if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR')
                throw error;
        }
    }
    return null;
}
/** The owners CODEOWNERS gives a run's pinned SOP file: read at the pinned commit (the working tree outside git). */
async function ownersAtPin(repoDir, pin) {
    const codeowners = pin.commit ? await readCodeownersAt(repoDir, pin.commit) : await readCodeownersInTree(repoDir);
    return (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .ownersFor */ .aq)(codeowners, pin.path);
}
/**
 * `validate`: each SOP that names `codeowners` must get an owner from the CODEOWNERS file in the
 * working tree under `root` (SOP paths are relative to it). Problems become errors of those files.
 */
async function withCodeownersCheck(catalog, root) {
    if (!catalog.sops.some((s) => s.approval.approvers.includes(_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .CODEOWNERS_ENTRY */ .JD)))
        return catalog;
    const problems = (0,_codeowners_js__WEBPACK_IMPORTED_MODULE_4__/* .codeownersProblems */ .SC)(catalog.sops, await readCodeownersInTree(root));
    if (problems.length === 0)
        return catalog;
    const bad = new Set(problems.map((p) => p.file));
    return {
        ...catalog,
        sops: catalog.sops.filter((s) => !bad.has(s.path)),
        errors: [
            ...catalog.errors,
            ...problems.map((p) => ({ file: p.file, line: 1, column: 1, message: p.message, hint: 'CODEOWNERS is read from .github/, the repository root or docs/, as GitHub does' })),
        ],
        badFiles: [...catalog.badFiles, ...bad],
    };
}


/***/ })

};
