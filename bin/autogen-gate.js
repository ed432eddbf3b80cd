#!/usr/bin/env node
// Thin launcher: the CLI is compiled from gateway/cli into out/ by `npm run build`.
// `serve` runs the gateway in a child process with its heap limit (server.heapMb), unless the user
// sized the heap: V8 takes it only at start. The launcher loads nothing else.
import { launchWithHeapLimit } from '../out/gateway/cli/heapLimit.js';

const args = process.argv.slice(2);
const launched = args[0] === 'serve' ? await launchWithHeapLimit(process.argv[1], args, process.env) : undefined;
if (launched !== undefined) process.exitCode = launched;
else {
  const { main } = await import('../out/gateway/cli/main.js');
  process.exitCode = await main(args);
}
