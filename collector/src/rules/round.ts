/**
 * `numerator / denominator` rounded to the nearest integer, ties to the even neighbour
 * (banker's rounding), computed exactly in BigInt: no float ever touches money. Both operands
 * are non-negative integers; the denominator is positive.
 */
export const divideHalfEven = (numerator: bigint, denominator: bigint): number => {
  const quotient = numerator / denominator;
  const twice = 2n * (numerator % denominator);
  const up = twice > denominator || (twice == denominator && quotient % 2n == 1n);
  return Number(quotient + (up ? 1n : 0n));
};

/**
 * A decimal number as an exact fraction `[numerator, denominator]` from the digits it prints
 * with (`12.5` → `[125n, 10n]`), so a percentage from JSON keeps the value the merchant wrote.
 */
export const decimalFraction = (value: number): [bigint, bigint] => {
  // Below 1e-6 a number prints in exponent form; toFixed spells it out.
  const [whole, fraction = ''] = (Math.abs(value) < 1e-6 ? value.toFixed(20) : String(value)).split('.');
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
};

/** `amount × percent / 100`, rounded half-even once. */
export const percentOf = (amount: number, percent: number): number => {
  const [numerator, denominator] = decimalFraction(percent);
  return divideHalfEven(BigInt(amount) * numerator, denominator * 100n);
};

/** `total × part / whole`, rounded half-even once: the share of a commission a partial refund takes back. */
export const shareOf = (total: number, part: number, whole: number): number =>
  whole > 0 ? divideHalfEven(BigInt(total) * BigInt(part), BigInt(whole)) : 0;
