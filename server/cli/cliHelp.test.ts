// `npx uzz --help` for every command, and the usage errors caught before any database is opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNode } from '../testing/runProcess.js';
import { commandHelp } from './help.js';
import { ALL_COMMANDS } from './registry.js';
import { SECRET_ENV } from './secretOptions.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-cli-help-'));
const uzz = (...args: string[]) => runNode('bin/uzz.mjs', args, { DATA_DIR: dataDir });

describe('npx uzz --help', () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('lists every command, grouped', async () => {
    const result = await uzz('--help');
    expect(result.code).toBe(0);
    for (const command of ALL_COMMANDS) expect(result.stdout).toContain(`uzz ${command.name} `);
    for (const group of ['Clients and users:', 'Model providers:', 'API keys', 'Budgets:', 'Bot configuration:', 'Flows:'])
      expect(result.stdout).toContain(group);
  });

  // The text of every command's help, built as main.ts builds it (one process per command cost two
  // minutes); the tests around it run the real entry point for the routing to it.
  it('explains every option of every command, its secrets and an example', async () => {
    for (const command of ALL_COMMANDS) {
      const text = commandHelp(command);
      expect(text).toContain(`Usage: npx uzz ${command.name}`);
      expect(text).toMatch(/Examples?:\n {2}\S/);
      for (const [name, option] of Object.entries(command.options)) {
        const line = text
          .split('\n')
          .find((row) => row.trimStart().startsWith(`--${name} `) || row.trim() === `--${name}` || new RegExp(`^\\s+--${name}(\\s|$)`).test(row));
        expect(line, `${command.name} --help describes --${name}`).toBeDefined();
        expect(line!.replace(`--${name}`, '').trim().length, `${command.name} --${name} has a description`).toBeGreaterThan(10);
        if (option.secret) expect(line).toContain(`--${name}-stdin`);
        if (option.secret && SECRET_ENV[name]) expect(line).toContain(SECRET_ENV[name]);
      }
    }
    const printed = await uzz('budget', 'set', '--help');
    expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(printed.stdout).toBe(commandHelp(ALL_COMMANDS.find((command) => command.name === 'budget set')!));
  });

  it('answers -h, "help <command>" and a group\'s --help too', async () => {
    const short = await uzz('client', 'create', '-h');
    expect(short.code).toBe(0);
    expect(short.stdout).toContain('--phone-number-id');
    const viaHelp = await uzz('help', 'flow', 'import');
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toContain('--activate');
    const providers = await uzz('provider', '--help');
    expect(providers.code).toBe(0);
    for (const name of ['provider set', 'provider remove', 'provider test', 'provider list', 'provider fallback'])
      expect(providers.stdout).toContain(`uzz ${name}`);
    const group = await uzz('flow', '--help');
    expect(group.code).toBe(0);
    for (const name of ['flow import', 'flow list', 'flow publish', 'flow export']) expect(group.stdout).toContain(`uzz ${name}`);
  });

  it('refuses bad arguments with one line, a pointer to --help and exit code 2', async () => {
    const notJson = path.join(dataDir, 'not.json');
    fs.writeFileSync(notJson, '{"format": "uzz.flow",');
    const cases: [string[], RegExp][] = [
      [['flow'], /flow: give a command \(import, list, publish, export\); see uzz flow --help/],
      [['flow', 'frob'], /unknown command "flow frob"/],
      [['help', 'frob'], /help: unknown command "frob"/],
      [['provider', 'set', '--client', 'x'], /provider set: missing --kind; see uzz provider set --help/],
      [['provider', 'set', '--client', 'x', '--kind', 'mistral'], /--kind must be one of openai, groq, anthropic, openai-compatible/],
      [['provider', 'set', '--client', 'x', '--kind', 'openai', '--model', 'm', 'extra'], /Unexpected argument 'extra'; see uzz provider set --help/],
      [['provider', 'set', '--client', 'x', '--kind', 'openai', '--base-url', 'http://127.0.0.1:11434/v1'], /--base-url is only for --kind openai-compatible/],
      [
        ['provider', 'test', '--client', 'x', '--kind', 'anthropic', '--base-url', 'http://127.0.0.1:11434/v1'],
        /provider test: --base-url is only for --kind openai-compatible/,
      ],
      [['provider', 'remove', '--client', 'x'], /provider remove: missing --kind; see uzz provider remove --help/],
      [['provider', 'remove', '--client', 'x', '--kind', 'ollama'], /provider remove: --kind must be one of openai, groq, anthropic, openai-compatible/],
      [['provider', 'fallback', '--client', 'x'], /provider fallback: give one of --message, --clear or --show/],
      [['provider', 'fallback', '--client', 'x', '--message', 'Oi', '--clear'], /give one of --message, --clear or --show/],
      [['provider', 'fallback', '--client', 'x', '--message', '  '], /--message is empty; use --clear/],
      [['provider', 'fallback', '--client', 'x', '--message', 'Oi', '--json'], /--json goes with --show/],
      [['apikey', 'create', '--client', 'x', '--name', 'n8n', '--expires', 'soon'], /--expires "soon" is not a date/],
      [['apikey', 'revoke', '--client', 'x', '--id', '42'], /--id "42" is not a key id/],
      [['apikey', 'create', '--client', 'x', '--name', 'n8n', '--scopes', 'contacts:read,send'], /--scopes "contacts:read,send" has the unknown scope "send"/],
      [['budget', 'set', '--client', 'x', '--type', 'tokens'], /--type tokens needs --tokens/],
      [['budget', 'set', '--client', 'x', '--brl', '10', '--alerts', '75'], /--alerts takes 80, 90 and\/or 100/],
      [['budget', 'set', '--client', 'x', '--type', 'tokens', '--tokens', '-5'], /--tokens|--type/],
      [['bot', 'set', '--client', 'x'], /bot set: nothing to set/],
      [['bot', 'set', '--client', 'x', '--knowledge-base', 'maybe'], /--knowledge-base is on or off/],
      [['flow', 'import', '--client', 'x', '--file', path.join(dataDir, 'missing.json')], /flow import: cannot read .*missing\.json: no such file/],
      [['flow', 'import', '--client', 'x', '--file', notJson], /flow import: .*not\.json is not valid JSON/],
      [['flow', 'import', '--file', notJson], /flow import: missing --client/],
    ];
    // A few processes at a time: each is independent, and one after another they took 20 s.
    const results: Awaited<ReturnType<typeof uzz>>[] = [];
    for (let start = 0; start < cases.length; start += 5) results.push(...(await Promise.all(cases.slice(start, start + 5).map(([args]) => uzz(...args)))));
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index]!;
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n'), `one line for ${args.join(' ')}`).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'))).toEqual([]); // refused before opening a database
  }, 120_000);
});
