// Reads a JSON file named on the command line; a missing file or bad JSON is one clear line.
import fs from 'node:fs';
import { CliUsageError } from './cliCommand.js';

export function readJsonFile(command: string, file: string): unknown {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliUsageError(`${command}: cannot read ${file}: ${reason}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliUsageError(`${command}: ${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}
