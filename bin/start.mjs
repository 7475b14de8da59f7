#!/usr/bin/env node
// Runs the TypeScript server directly through tsx's loader (no separate compile step to forget).
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
