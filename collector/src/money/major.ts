import { toMinor } from 'reftrace';

/** A currency's ISO 4217 exponent, as the SDK counts it (USD 2, JPY 0, KWD 3); 2 for a code it does not know. */
const exponent = (currency: string) => {
  try {
    return String(toMinor(1, currency)).length - 1;
  } catch {
    return 2;
  }
};

/** Integer minor units as a decimal string in major units, without float error: 123456 USD → "1234.56". */
export const toMajor = (minor: number, currency: string): string => {
  const digits = exponent(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits ? `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` : sign + text;
};
