// Run identifiers: `run-YYYYMMDD-xxxxxx` (UTC start date and random characters, SPEC 3.5).

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_CHARS = 6;
const RUN_ID = /^run-(\d{4})(\d{2})(\d{2})-[a-z0-9]{6,}$/;

/** The clock and the random source are parameters so the caller owns all non-determinism. */
export function makeRunId(now: Date, random: () => number): string {
  const date =
    String(now.getUTCFullYear()).padStart(4, '0') +
    String(now.getUTCMonth() + 1).padStart(2, '0') +
    String(now.getUTCDate()).padStart(2, '0');
  let suffix = '';
  for (let i = 0; i < RANDOM_CHARS; i++) {
    // min() guards a random source that returns exactly 1.
    const index = Math.min(ALPHABET.length - 1, Math.floor(random() * ALPHABET.length));
    suffix += ALPHABET[index];
  }
  return `run-${date}-${suffix}`;
}

/** True for a well-formed run id; run ids become file names, so nothing else may pass. */
export function isRunId(s: string): boolean {
  const m = RUN_ID.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
