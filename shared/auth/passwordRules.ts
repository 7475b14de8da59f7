// The rules a new owner's password must meet at the first-run set-up, shared by the server (which
// enforces them) and the set-up screen (which shows each one live, ticking as it is met). The
// length floor is the one every password in the app has (MIN_PASSWORD_LENGTH in passwords.ts).
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export const PASSWORD_RULES = ['length', 'letterAndDigit', 'notEmail', 'notCommon'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/** English text of each rule: the server's error messages (the screen has its own translations). */
export const PASSWORD_RULE_TEXT: Record<PasswordRule, string> = {
  length: `at least ${PASSWORD_MIN_LENGTH} characters`,
  letterAndDigit: 'at least one letter and one digit',
  notEmail: 'not your e-mail address or its name part',
  notCommon: 'not a well-known password',
};

// The passwords tried first by anyone guessing (the top of every leaked-password list).
const COMMON = new Set([
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'password1',
  'password123',
  'senha123',
  'senha1234',
  'qwerty123',
  'abc12345',
  'abcd1234',
  'admin123',
  'admin1234',
  'iloveyou1',
  'mudar123',
  'brasil123',
  'welcome1',
  'letmein1',
  '11111111a',
  'a1234567',
  'q1w2e3r4',
  '1q2w3e4r',
  'passw0rd',
  'p4ssw0rd',
  'teste123',
  'uzz12345',
]);

/** Which rules `password` breaks (empty when it is acceptable). */
export function brokenPasswordRules(password: string, email = ''): PasswordRule[] {
  const broken: PasswordRule[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) broken.push('length');
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) broken.push('letterAndDigit');
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split('@')[0] ?? '';
  if (address && (lower === address || (name.length >= 3 && lower.includes(name)))) broken.push('notEmail');
  if (COMMON.has(lower)) broken.push('notCommon');
  return broken;
}
