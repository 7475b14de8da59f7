// What a command of `npx uzz` declares: its options, each with a one-line description, which of
// them are secrets, and examples. main.ts parses, checks and prints --help from this alone, so a
// command's help can never forget one of its options.
export type CliOption = {
  type: 'string' | 'boolean';
  /** One line for --help. */
  description: string;
  /** How help shows the value (`<slug>`); string options only. */
  value?: string;
  required?: boolean;
  /** Read from its environment variable or standard input (secretOptions.ts), not only from argv. */
  secret?: boolean;
};

export type CliValues = Record<string, string | boolean | undefined>;

export type CliCommand = {
  /** The words after `uzz`: "client create". */
  name: string;
  summary: string;
  options: Record<string, CliOption>;
  examples: string[];
  /** Extra lines for --help (what is shown once, what "set" replaces). */
  notes?: string[];
  run(values: CliValues): Promise<number>;
};

export type CliGroup = { title: string; commands: CliCommand[] };

/** Bad arguments or input: exit code 2. `helpFor` adds "see uzz <command> --help". */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
  constructor(
    message: string,
    readonly helpFor?: string,
  ) {
    super(message);
  }
}

/** The operation was refused or failed (unknown id, conflict, not supported): exit code 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
}

/** Options most commands share. */
export const clientOption: CliOption = { type: 'string', value: '<slug|id>', required: true, description: 'the client (tenant): its slug or id' };
export const jsonOption: CliOption = { type: 'boolean', description: 'print JSON (machine-readable) instead of a table' };

export const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
