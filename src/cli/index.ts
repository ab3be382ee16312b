#!/usr/bin/env node
// Entry of the `sop` binary and its `sop-<command>` aliases.
import { installInterruptHandler } from './interrupt.js';
import { processIO } from './io.js';
import { aliasArgs, main } from './main.js';

installInterruptHandler((t) => void process.stderr.write(t));
process.exitCode = await main(aliasArgs(process.argv[1], process.argv.slice(2)), processIO());
