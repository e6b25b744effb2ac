import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

// Which passwords we refuse. A length rule alone lets `12345678` and eight spaces through, and
// composition rules ("a digit and a symbol") push people to `Password1!`; a strength estimator
// that knows the common passwords, words, names and keyboard patterns refuses what an attacker
// would try first, whatever its shape.

/**
 * zxcvbn's score: 3 means "safely unguessable: moderate protection from an offline slow-hash
 * scenario" (about 10^8 guesses and up). Lower scores fall to an online attacker's short list.
 */
const MINIMUM_SCORE = 3;

export const MIN_PASSWORD_LENGTH = 8;
export const WEAK_PASSWORD_CODE = "PASSWORD_TOO_WEAK";

interface Owner {
  email?: string | undefined;
  name?: string | undefined;
}

let estimator: Promise<ZxcvbnFactory> | undefined;

// The dictionaries are a few MB: loaded when a password is first checked, not by every route
// that imports the auth module.
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([core, common, english]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        translations: english.translations,
      }),
  );
  return estimator;
}

/** Why this password is refused, in words for the person choosing it; null when it is fine. */
export async function passwordProblem(password: string, owner: Owner = {}): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`;
  if (password.trim() === "") return "A password can't be only spaces. Choose a few uncommon words.";
  const email = owner.email?.trim().toLowerCase();
  if (email && password.trim().toLowerCase() === email) return "Your password can't be your email address.";

  // The parts too, so that "JaneDoe1!" counts as built from "Jane Doe"; not initials, which
  // would make every password with that letter in it look a little weaker.
  const local = email?.split("@")[0];
  const userInputs = [email, local, owner.name, ...(local?.split(/[._+-]/) ?? []), ...(owner.name?.split(/\s+/) ?? [])].filter(
    (input): input is string => input !== undefined && input.length >= 3,
  );
  const { score, feedback } = (await loadEstimator()).check(password, userInputs);
  if (score >= MINIMUM_SCORE) return null;
  const advice = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(" ");
  return `This password is too easy to guess. ${advice || "Add a few more uncommon words."}`;
}
