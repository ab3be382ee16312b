// Entry of the Action bundle (dist/index.js): run() holds everything.
import { run } from './main.js';

await run();
