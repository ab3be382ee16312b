// Entry of the Action bundle (dist/index.js); see scripts/bundles/tsconfig.json for why it is here.
import '../../src/action/index.js';
