/*
 * Active ISO 4217 codes grouped by exponent: group i (groups split on `|`) holds the codes with
 * i minor digits, so each code is written once and its exponent is its group's index. Group 1
 * is empty: no active code has one minor digit. Exponents are ISO's (not CLDR's display digits:
 * IQD is 3 here, 0 in Intl), because the collector and the payment provider count in ISO minor
 * units.
 */
const BY_EXPONENT = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF||AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG|BHD IQD JOD KWD LYD OMR TND|CLF UYW'.split('|');

/**
 * The ISO 4217 exponent of an active currency code (upper case), or -1 when it is not one. The
 * shape test comes first so that `includes` can only match a whole code, never "D A".
 */
export const exponent = (code: string): number =>
  /^[A-Z]{3}$/.test(code) ? BY_EXPONENT.findIndex((codes) => codes.includes(code)) : -1;

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
  // Below 1e-6 a number prints in exponent form; toFixed spells it out. Other types match nothing.
  const text = typeof amount == 'string' ? amount.trim() : typeof amount == 'number' ? (Math.abs(amount) < 1e-6 ? amount.toFixed(20) : '' + amount) : '';
  // Sign, integer digits, fraction digits; the lookahead demands at least one digit.
  const m = /^([-+]?)(?=\.?\d)(\d*)\.?(\d*)$/.exec(text);
  if (!m) throw TypeError(`reftrace: invalid amount "${amount}"`);
  const digits = m[3].padEnd(e + 1, '0');
  // Number('') is 0, so ".5" needs no integer digit.
  const minor = Number(m[2] + digits.slice(0, e)) + +(digits[e] > '4');
  if (!Number.isSafeInteger(minor)) throw RangeError(`reftrace: amount out of range "${amount}"`);
  return m[1] == '-' && minor ? -minor : minor;
};
