#!/usr/bin/env node
// Entry point of the `rapport` command: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../cli/entry.ts');
