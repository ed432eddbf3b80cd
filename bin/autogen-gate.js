#!/usr/bin/env node
// Thin launcher: the CLI is compiled from gateway/cli into out/ by `npm run build`.
import { main } from '../out/gateway/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
