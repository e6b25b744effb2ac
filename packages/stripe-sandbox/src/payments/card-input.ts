/** Checks Stripe.js does before any API call: failures here create no PaymentIntent and no events. */
export type CardInput = { number: string; expiry?: string; expMonth?: string; expYear?: string; cvc: string };
type ValidCard = { number: string; expMonth: number; expYear: number; cvc: string };
type InputError = { code: string; message: string; param: string };

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function splitExpiry(input: CardInput): { month: string; year: string } {
  if (input.expiry !== undefined) {
    const [month = "", year = ""] = input.expiry.split("/").map((s) => s.trim());
    return { month, year };
  }
  return { month: input.expMonth ?? "", year: input.expYear ?? "" };
}

export function validateCard(input: CardInput, nowMs: number): ValidCard | InputError {
  const number = input.number.replace(/[\s-]/g, "");
  if (number === "") return { code: "incomplete_number", message: "Your card number is incomplete.", param: "number" };
  if (!/^\d{13,19}$/.test(number) || !luhnValid(number)) {
    return { code: "incorrect_number", message: "Your card number is incorrect.", param: "number" };
  }
  const { month, year } = splitExpiry(input);
  if (month === "" || year === "") return { code: "incomplete_expiry", message: "Your card's expiration date is incomplete.", param: "exp_month" };
  const expMonth = Number(month);
  if (!/^\d{1,2}$/.test(month) || expMonth < 1 || expMonth > 12) {
    return { code: "invalid_expiry_month", message: "Your card's expiration month is invalid.", param: "exp_month" };
  }
  if (!/^\d{2}(\d{2})?$/.test(year)) return { code: "invalid_expiry_year", message: "Your card's expiration year is invalid.", param: "exp_year" };
  const expYear = year.length === 2 ? 2000 + Number(year) : Number(year);
  const now = new Date(nowMs);
  const currentYear = now.getUTCFullYear();
  if (expYear < currentYear || expYear > currentYear + 50) {
    return { code: "invalid_expiry_year", message: "Your card's expiration year is invalid.", param: "exp_year" };
  }
  if (expYear === currentYear && expMonth < now.getUTCMonth() + 1) {
    return { code: "invalid_expiry_month", message: "Your card's expiration month is invalid.", param: "exp_month" };
  }
  const cvc = input.cvc.trim();
  if (cvc === "") return { code: "incomplete_cvc", message: "Your card's security code is incomplete.", param: "cvc" };
  const cvcLength = /^3[47]/.test(number) ? 4 : 3;
  if (!/^\d+$/.test(cvc) || cvc.length !== cvcLength) return { code: "invalid_cvc", message: "Your card's security code is invalid.", param: "cvc" };
  return { number, expMonth, expYear, cvc };
}
