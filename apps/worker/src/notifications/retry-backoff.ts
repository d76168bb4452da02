/** First wait after a failed delivery attempt; each further failure doubles it. */
export const RETRY_BASE_MS = 30_000;
/** Longest wait between two attempts. */
export const RETRY_CAP_MS = 6 * 60 * 60 * 1000;

/** Exponential backoff after the `attempts`-th failed attempt (1-based): 30 s, 1 min, 2 min, … up to 6 h. */
export function retryDelayMs(attempts: number, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS): number {
  const exponent = Math.min(Math.max(0, attempts - 1), 30);
  return Math.min(capMs, baseMs * 2 ** exponent);
}
