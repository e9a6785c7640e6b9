import type { Ore } from '../../domain/fees/money';

/** "1234567" → "1 234 567": Swedish digit groups, separated by an ordinary space. */
export const groupDigits = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** A whole number the Swedish way: 12006 → "12 006", -5 → "-5". */
export const formatWholeNumber = (value: number): string => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Expected a safe integer, got ${value}`);
  return `${value < 0 ? '-' : ''}${groupDigits(String(Math.abs(value)))}`;
};

/**
 * An amount in öre as Swedish invoices print it: 1381800 → "13 818,00 kr", -1381800 → "-13 818,00 kr".
 * Digits are split as a string, never divided as floats, so every öre survives. The sign is the
 * ASCII hyphen-minus, not U+2212: the PDF's standard fonts (WinAnsi) cannot print U+2212.
 * @throws RangeError when `ore` is not a safe integer (money is whole öre, never a fraction)
 */
export const formatKronor = (ore: Ore): string => {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`An amount in öre must be a safe integer, got ${ore}`);
  const digits = String(Math.abs(ore)).padStart(3, '0');
  return `${ore < 0 ? '-' : ''}${groupDigits(digits.slice(0, -2))},${digits.slice(-2)} kr`;
};
