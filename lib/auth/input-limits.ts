// How long the text a buyer gives better-auth may be: read by the check in front of its endpoints
// (lib/auth/auth-input.ts) and by the forms, so that a browser stops a buyer before the server must.

/** A display name: room for a full name in any script, far short of a paragraph. */
export const NAME_MAX_LENGTH = 100;
