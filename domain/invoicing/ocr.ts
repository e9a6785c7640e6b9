/**
 * Swedish OCR payment references for Bankgirot ("OCR-referensnummer"), with the strictest of
 * Bankgirot's checks: a variable length with a length digit, and a check digit.
 *
 * Sources (read 2025, rules restated, nothing copied):
 * - Bankgirot, "OCR-referenskontroll" (bankgirot.se/tjanster/inbetalningar/bankgiro-inbetalningar/
 *   ocr-referenskontroll/): the last digit is a check digit by the "10-modul" (Luhn) method; the
 *   payee's agreement decides whether a length check applies too, so we always satisfy both.
 * - Bankgirot's user manual for Bankgiro Inbetalningar (BG6070, section 5.2, as cited by the
 *   barsoom/banktools-se library): a reference has 2–25 digits; with a length check the
 *   second-to-last digit is the length of the whole reference, check digits included, and only its
 *   last digit is kept when the length is 10 or more.
 * - cogwork.se, "Kontrollsiffror för OCR- och personnummer": the same length-digit rule, and the
 *   check digit computed as for a Swedish personal identity number.
 */

const MIN_LENGTH = 2;
const MAX_LENGTH = 25;

/**
 * The Luhn ("10-modul") check digit for `digits`: from the right, weights 2, 1, 2, 1, …; the digits
 * of each product are summed; the check digit brings the total up to a multiple of ten.
 */
const luhnCheckDigit = (digits: string): number => {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    const product = i % 2 === 0 ? digit * 2 : digit;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
};

/**
 * The OCR reference of an invoice: its number's digits, a length digit (the reference's total
 * length, length and check digit included, mod 10), then a Luhn check digit over all that.
 * Invoice 12345 → 1234574 (7 digits → length digit 7, then check digit 4).
 *
 * @throws RangeError for an invoice number that is not a non-negative safe integer.
 */
export const ocrReference = (invoiceNumber: number): string => {
  if (!Number.isSafeInteger(invoiceNumber) || invoiceNumber < 0) {
    throw new RangeError(`An invoice number must be a non-negative integer, got ${invoiceNumber}`);
  }
  const digits = String(invoiceNumber);
  const withLength = `${digits}${(digits.length + 2) % 10}`;
  return `${withLength}${luhnCheckDigit(withLength)}`;
};

/**
 * Whether `reference` passes Bankgirot's length-and-check-digit control: digits only (no spaces),
 * 2–25 long, the second-to-last digit equal to the length mod 10, the last a correct Luhn digit.
 */
export const isValidOcr = (reference: string): boolean => {
  if (!/^\d+$/.test(reference) || reference.length < MIN_LENGTH || reference.length > MAX_LENGTH)
    return false;
  if (reference.at(-2) !== String(reference.length % 10)) return false;
  return luhnCheckDigit(reference.slice(0, -1)) === Number(reference.at(-1));
};
