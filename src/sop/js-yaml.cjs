// js-yaml's CommonJS entry, the copy gray-matter requires: importing 'js-yaml' from an ES module would
// resolve its ES module entry instead, and the bundles would carry and load two copies of the parser.
module.exports = require('js-yaml');
