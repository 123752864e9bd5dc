/** NIST SP 800-63B: length over composition rules; a long passphrase beats a short complex one. */
export const MIN_PASSWORD_LENGTH = 12;
/** Bounds hashing work per request: argon2 on megabytes of input is a denial-of-service vector. */
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long';

export function checkPassword(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  return null;
}
