/*
 * Active ISO 4217 codes. Exponents are ISO's (not CLDR's display digits: IQD is 3 here, 0 in Intl),
 * because the collector and the payment provider count in ISO minor units.
 */
const CODES =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG';
const ZERO = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR = 'CLF UYW';

/** The ISO 4217 exponent of an active currency code (upper case), or -1 when it is not one. */
export const exponent = (code: string): number =>
  !/^[A-Z]{3}$/.test(code) || !CODES.includes(code)
    ? -1
    : ZERO.includes(code) ? 0 : THREE.includes(code) ? 3 : FOUR.includes(code) ? 4 : 2;

/**
 * Major units to integer minor units by decimal string arithmetic, so 49.99 USD is 4999 and never
 * 4998.999…: numbers are read through their shortest round-trip form, which is the literal the
 * merchant wrote. Digits beyond the exponent round half away from zero (10.005 USD → 1001).
 * Strings are accepted too ("49.99"). Throws on an unknown currency, a non-finite or malformed
 * amount, or a result beyond the safe integers.
 */
export const toMinor = (amount: number | string, currency: string): number => {
  const e = exponent(currency);
  if (e < 0) throw RangeError(`reftrace: unknown currency "${currency}"`);
  const text = typeof amount == 'number' && Math.abs(amount) < 1e-6 ? amount.toFixed(20) : String(amount).trim();
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (typeof amount != 'number' && typeof amount != 'string' || !m || !(m[2] || m[3])) throw TypeError(`reftrace: invalid amount "${amount}"`);
  const digits = (m[3] || '').padEnd(e + 1, '0');
  const minor = Number((m[2] || '0') + digits.slice(0, e)) + (digits[e] >= '5' ? 1 : 0);
  if (!Number.isSafeInteger(minor)) throw RangeError(`reftrace: amount out of range "${amount}"`);
  return m[1] == '-' && minor ? -minor : minor;
};
