// The password policy's lengths, without its word list (password-policy.ts reads that from disk): forms
// in the browser import them through the users' schemas.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
