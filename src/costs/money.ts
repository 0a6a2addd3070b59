/**
 * Exact money: amounts are integer minor units (bigint in arithmetic, at most MAX_MINOR per item) of a
 * currency whose exponent is the number of minor-unit digits ICU gives it (CNY 2, JPY 0, BHD 3, as ISO 4217),
 * written and read as decimal strings. No floating point anywhere.
 */

/** Largest amount of one item, in minor units: exact as a JS number and with room for sums in a 64-bit column. */
export const MAX_MINOR = 999_999_999_999_999n;

const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** Digits after the decimal point of an ISO 4217 currency, or null when the code is unknown. */
export function currencyExponent(code: string): number | null {
  if (!/^[A-Z]{3}$/.test(code) || !KNOWN.has(code)) return null;
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** A non-negative decimal as an integer and its scale ("12.50" -> 1250n, 2), or why it is not one. */
export type ParsedDecimal = { value: bigint; scale: number } | { problem: 'FORMAT' | 'PRECISION' };

/** Parses a plain non-negative decimal ("1234", "1234.5"; no sign, exponent or separators) of at most maxScale decimals. */
export function parseDecimal(text: string, maxScale: number): ParsedDecimal {
  const m = /^(\d{1,20})(?:\.(\d{1,20}))?$/.exec(text.trim());
  if (!m) return { problem: 'FORMAT' };
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > maxScale) return { problem: 'PRECISION' };
  return { value: BigInt(m[1] + fraction), scale: fraction.length };
}

/** The value of a parsed decimal at another (larger or equal) scale: 12.5 at scale 2 is 1250n. */
export function atScale(d: { value: bigint; scale: number }, scale: number): bigint {
  return d.value * 10n ** BigInt(scale - d.scale);
}

/** n / d rounded half up (away from zero for these non-negative operands): 四舍五入, as invoices round. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n || d <= 0n) throw new Error('divideHalfUp takes n >= 0 and d > 0');
  return (2n * n + d) / (2n * d);
}

/** Minor units as a decimal string with exactly the currency's digits: 123450n, 2 -> "1234.50"; JPY 1200n, 0 -> "1200". */
export function formatMinor(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return negative ? `-${whole}` : whole;
}

/** A decimal string of a parsed decimal, trailing zeros dropped: 7.1234000 -> "7.1234", 2.50 hours -> "2.5". */
export function formatDecimal(value: bigint, scale: number): string {
  const text = formatMinor(value, scale);
  return scale ? text.replace(/\.?0+$/, '') : text;
}
