// Secrets for the CLI (passwords, Meta tokens) without putting them in argv, where every user of
// the machine can read them (ps, /proc/<pid>/cmdline) and shells keep them in history:
// - an environment variable (UZZ_PASSWORD, UZZ_ACCESS_TOKEN, UZZ_VERIFY_TOKEN, UZZ_APP_SECRET,
//   UZZ_PROVIDER_KEY);
// - `-` as the value (`--password -`), or `--password-stdin`: read from standard input, one line
//   per such secret, in the order the options are listed for the command.
// A literal value on the command line still works, with a warning.
import fs from 'node:fs';

export const SECRET_ENV: Record<string, string> = {
  password: 'UZZ_PASSWORD',
  'access-token': 'UZZ_ACCESS_TOKEN',
  'verify-token': 'UZZ_VERIFY_TOKEN',
  'app-secret': 'UZZ_APP_SECRET',
  key: 'UZZ_PROVIDER_KEY',
};

export class SecretInputError extends Error {
  override name = 'SecretInputError';
}

type Sources = { env: NodeJS.ProcessEnv; readStdin: () => string; warn: (line: string) => void };
const defaultSources = (): Sources => ({ env: process.env, readStdin: () => fs.readFileSync(0, 'utf8'), warn: (line) => process.stderr.write(`${line}\n`) });

/** Resolves each named secret from its option, stdin or environment variable (undefined when none). */
export function readSecrets(
  command: string,
  values: Record<string, unknown>,
  names: string[],
  sources: Sources = defaultSources(),
): Record<string, string | undefined> {
  let lines: string[] | null = null;
  const nextLine = (name: string) => {
    lines ??= sources
      .readStdin()
      .split('\n')
      .map((line) => line.replace(/\r$/, ''));
    const line = lines.shift();
    if (line === undefined || line === '') throw new SecretInputError(`${command}: --${name}: expected a line on standard input`);
    return line;
  };
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const given = values[name];
    if (values[`${name}-stdin`] === true || given === '-') out[name] = nextLine(name);
    else if (typeof given === 'string' && given !== '') {
      sources.warn(
        `uzz: warning: --${name} on the command line is visible to other users of this machine; use ${SECRET_ENV[name] ?? 'an environment variable'} or --${name} - (standard input)`,
      );
      out[name] = given;
    } else {
      const fromEnv = SECRET_ENV[name] ? sources.env[SECRET_ENV[name]] : undefined;
      out[name] = fromEnv ? fromEnv : undefined;
    }
  }
  return out;
}
