#!/usr/bin/env node
// Entry of the CLI bundle (dist/cli/index.js); see scripts/bundles/tsconfig.json for why it is here.
import '../../src/cli/index.js';
