export const id = 921;
export const ids = [921];
export const modules = {

/***/ 921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readMarkdown: () => (/* binding */ readMarkdown)
/* harmony export */ });
/* harmony import */ var remark_parse__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1242);
/* harmony import */ var unified__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9337);


/** Built once: creating a unified processor per file was a measurable part of parsing a folder. */
const processor = (0,unified__WEBPACK_IMPORTED_MODULE_0__/* .unified */ .l)().use(remark_parse__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .A).freeze();
function readMarkdown(text) {
    return processor.parse(text);
}


/***/ })

};
