#!/usr/bin/env node
// `npx uzz <command>`: the admin command line (see server/cli/main.ts), from the compiled build
// like `npm start`, or the TypeScript sources with UZZ_DEV=1 (bin/serverCode.mjs).
import { chooseServerCode } from './serverCode.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
let code;
try {
  code = await chooseServerCode(log);
} catch (error) {
  log(`uzz: ${error.message}`);
  process.exit(1);
}
await import(code.url('server/cli/main.ts'));
