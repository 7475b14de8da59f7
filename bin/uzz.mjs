#!/usr/bin/env node
// `npx uzz <command>`: the admin command line (see server/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
