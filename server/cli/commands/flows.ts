// uzz flow import|list|publish|export: a client's flows through the flows feature's own
// procedures (the file is validated whole before anything is written; publishing makes a flow
// live, and is refused when another active flow has the same keywords).
import fs from 'node:fs';
import { TRPCError } from '@trpc/server';
import { CliFailure, CliUsageError, clientOption, jsonOption, type CliCommand, str } from '../cliCommand.js';
import { withClient, type CliCaller } from '../cliApp.js';
import { printJson, printTable } from '../output.js';
import { readJsonFile } from '../readJsonFile.js';

const idOption = { type: 'string', value: '<flow-id>', required: true, description: "the flow's id (from flow list)" } as const;

/** "flow not found" names the id and the client, so a script's log says which. */
async function onFlow<T>(command: string, id: string, slug: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') throw new CliFailure(`${command}: client ${slug} has no flow ${id}`);
    if (error instanceof TRPCError && (error.code === 'PRECONDITION_FAILED' || error.code === 'CONFLICT')) throw new CliFailure(`${command}: ${error.message}`);
    throw error;
  }
}

/** Publishes, which makes the flow live (its triggers on); the validator's warnings go to stderr. */
async function publishLive(caller: CliCaller, id: string) {
  const published = await caller.flows.publish({ id });
  const warnings = published.warnings.map((warning) => warning.message);
  for (const warning of warnings) process.stderr.write(`uzz: warning: ${warning}\n`);
  return { publishedVersion: published.version, isActive: true, warnings };
}

const importFlow: CliCommand = {
  name: 'flow import',
  summary: 'import a flow from a JSON file (as flow export writes it); optionally publish it (live)',
  options: {
    client: clientOption,
    file: { type: 'string', value: '<flow.json>', required: true, description: 'the flow file ("-" reads standard input)' },
    name: { type: 'string', value: '<text>', description: "the new flow's name (default: the name in the file)" },
    publish: { type: 'boolean', description: 'publish the imported draft as version 1, which makes it live (it answers customers)' },
    activate: { type: 'boolean', description: 'the same as --publish (kept for scripts written before publishing made flows live)' },
    json: { type: 'boolean', description: 'print JSON: id, name, publishedVersion, isActive, warnings' },
  },
  notes: ['A file with errors is refused whole: nothing is imported. Credentials of HTTP blocks are not in files: set them in the editor.'],
  examples: ['npx uzz flow import --client padaria --file welcome.flow.json --publish'],
  run: (values) => {
    const file = readJsonFile('flow import', str(values, 'file')!);
    const publish = values.activate === true || values.publish === true;
    return withClient('flow import', str(values, 'client')!, async ({ client, caller }) => {
      const flow = await caller.flows.import({ file, name: str(values, 'name') });
      const state = publish
        ? await onFlow('flow import', flow.id, client.slug, () => publishLive(caller, flow.id))
        : { publishedVersion: null, isActive: false, warnings: [] as string[] };
      const result = { id: flow.id, name: flow.name, ...state };
      if (values.json) printJson(result);
      else
        process.stdout.write(
          `${flow.id}  imported "${flow.name}"${state.publishedVersion ? `, published version ${state.publishedVersion}` : ', draft'}${state.isActive ? ', active' : ''}\n`,
        );
      return 0;
    });
  },
};

const list: CliCommand = {
  name: 'flow list',
  summary: "list a client's flows: triggers, published version, whether active",
  options: { client: clientOption, json: jsonOption },
  examples: ['npx uzz flow list --client padaria --json'],
  run: (values) =>
    withClient('flow list', str(values, 'client')!, async ({ caller }) => {
      const flows = await caller.flows.list();
      if (values.json) printJson(flows);
      else {
        const rows = flows.map((flow) => ({
          ...flow,
          trigger: flow.triggerType === 'keyword' ? flow.triggerKeywords : flow.triggerType === 'qr_code' ? `qr ${flow.triggerQrCode ?? ''}` : flow.triggerType,
        }));
        printTable(
          rows,
          [
            ['id', 'ID'],
            ['name', 'NAME'],
            ['trigger', 'TRIGGER'],
            ['isActive', 'ACTIVE'],
            ['publishedVersion', 'PUBLISHED'],
            ['draftRevision', 'DRAFT'],
            ['updatedAt', 'UPDATED'],
          ],
          'no flows',
        );
      }
      return 0;
    }),
};

const publish: CliCommand = {
  name: 'flow publish',
  summary: "publish a flow's draft as a new version and make it live (running conversations keep theirs)",
  options: {
    client: clientOption,
    id: idOption,
    activate: { type: 'boolean', description: 'accepted for older scripts: publishing always turns the triggers on' },
    json: { type: 'boolean', description: 'print JSON: id, publishedVersion, isActive, warnings' },
  },
  examples: ['npx uzz flow publish --client padaria --id 6f1c0c53-8f0a-4c43-a1c8-0c7d5b3c2a10'],
  run: (values) =>
    withClient('flow publish', str(values, 'client')!, async ({ client, caller }) => {
      const id = str(values, 'id')!;
      const state = await onFlow('flow publish', id, client.slug, () => publishLive(caller, id));
      if (values.json) printJson({ id, ...state });
      else process.stdout.write(`${id}  published version ${state.publishedVersion}${state.isActive ? ', active' : ''}\n`);
      return 0;
    }),
};

const exportFlow: CliCommand = {
  name: 'flow export',
  summary: 'write a flow to a JSON file that flow import (here or on another server) reads',
  options: {
    client: clientOption,
    id: idOption,
    out: { type: 'string', value: '<file>', description: 'where to write it (default: standard output)' },
    published: { type: 'boolean', description: 'the published version instead of the draft' },
  },
  notes: ['Credentials (HTTP block secrets) are left out of the file.'],
  examples: ['npx uzz flow export --client padaria --id 6f1c0c53-8f0a-4c43-a1c8-0c7d5b3c2a10 --out welcome.flow.json'],
  run: (values) =>
    withClient('flow export', str(values, 'client')!, async ({ client, caller }) => {
      const id = str(values, 'id')!;
      const file = await onFlow('flow export', id, client.slug, () => caller.flows.export({ id, source: values.published ? 'published' : 'draft' }));
      const text = `${JSON.stringify(file, null, 2)}\n`;
      const out = str(values, 'out');
      if (out === undefined || out === '-') process.stdout.write(text);
      else {
        try {
          fs.writeFileSync(out, text);
        } catch (error) {
          throw new CliUsageError(
            `flow export: cannot write ${out}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}`,
          );
        }
        process.stdout.write(`${out}  "${file.flow.name}"\n`);
      }
      return 0;
    }),
};

export const flowCommands = [importFlow, list, publish, exportFlow];
