// The engine's public surface: the pure run state machine and its helpers.
export { decide } from './decide.js';
export { effectiveMode, gateBefore } from './gates.js';
export { validatePayload, type PayloadResult } from './payload.js';
export { isRunId, makeRunId } from './run-id.js';
export { OUTPUT_TAIL_BYTES, tailOutput } from './output-tail.js';
export * from './types.js';
