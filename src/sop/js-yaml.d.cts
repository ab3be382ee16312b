import yaml = require('js-yaml');
export = yaml;
