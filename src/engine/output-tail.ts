// Keeps the end of a step's output within the state file's budget (SPEC 3.3: last 64 KiB).

export const OUTPUT_TAIL_BYTES = 64 * 1024;

/** The last `maxBytes` bytes of `output` as UTF-8, never splitting a character. */
export function tailOutput(output: string, maxBytes: number = OUTPUT_TAIL_BYTES): string {
  if (Buffer.byteLength(output, 'utf8') <= maxBytes) return output;
  const bytes = Buffer.from(output, 'utf8');
  let start = bytes.length - maxBytes;
  // Continuation bytes look like 10xxxxxx; skip them so the cut lands on a character start.
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString('utf8');
}
