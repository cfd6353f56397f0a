/**
 * ISO-8601 durations (`PT30S`, `P1DT2H`, `PT0.5S`) as used by Camunda's `retryBackoff` header.
 * Years and months are refused: their length in milliseconds is not fixed.
 */
const ISO_DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(text: string): number {
  const m = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!m) {
    throw new RangeError(`"${text}" is not an ISO-8601 duration such as PT30S or P1DT2H (weeks, days, hours, minutes, seconds)`);
  }
  const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000);
}

/** A backoff given as milliseconds or as an ISO-8601 duration, in milliseconds. */
export function toMillis(backoff: number | string): number {
  if (typeof backoff === 'number') {
    if (!Number.isFinite(backoff) || backoff < 0) throw new RangeError(`backoff must be a non-negative number of milliseconds, got ${backoff}`);
    return Math.round(backoff);
  }
  return parseIsoDuration(backoff);
}
