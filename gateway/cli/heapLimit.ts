/**
 * The gateway's own heap limit (`server.heapMb`). Without one, Node sizes V8's old generation by
 * the machine (a quarter of its memory, up to 4 GB), and with that much room V8 lets the heap grow
 * to about four times what was live at the last full collection before collecting again; under a
 * limit of a few hundred MB it grows by about a third. The gateway's live heap is tens of MB and
 * its garbage (parsed and masked bodies, canonical event lists) far more, so the difference is
 * hundreds of MB of RSS holding nothing (docs/performance.md, "Heap growth").
 *
 * V8 reads the limit only as the process starts, so the launcher (`bin/autogen-gate.js serve`)
 * runs the gateway in a child process with `--max-old-space-size`, unless the user sized the heap
 * (on Node's command line or in NODE_OPTIONS, as the container image does), which always wins. The
 * launcher loads nothing but this module; the child, having read the policy, asks to be started
 * again once if `server.heapMb` is not the default it was given. The child's environment also
 * holds glibc's allocator to a fixed mmap threshold (allocatorEnv), read only at start too.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { DEFAULT_HEAP_MB } from '../config/heap.js';

/** Set in a gateway the launcher started: the heap limit it was given, MB (0: Node's own). */
export const HEAP_ENV = 'AUTOGEN_GATE_HEAP_MB';

/** The flags that size V8's old generation, in either spelling (dashes or underscores). */
const HEAP_SIZE_FLAG = /(?:^|\s)--max[-_](?:old[-_]space|heap)[-_]size(?:[=\s]|$)/;

/** True when the user sized the heap themselves; the launcher then leaves it alone. */
export function userSizedHeap(execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return execArgv.some((arg) => HEAP_SIZE_FLAG.test(arg)) || HEAP_SIZE_FLAG.test(env['NODE_OPTIONS'] ?? '');
}

/**
 * The Node flags that give the gateway a heap of `heapMb` (none for 0: Node decides): the old
 * generation's limit, and a young generation in proportion to it. Node sizes the young one by the
 * machine's memory (two semi-spaces of 16 MB on 64-bit hosts of a few GB or more), whatever the old
 * one's limit, and a long stream fills it: at 384 those 32 MB were a sixth of the masked 1 GB
 * stream's peak RSS. Semi-spaces of heapMb/48 (8 MB at 384, at most 16) took about 20 MB off that
 * peak at the same CPU per MB (within the runs' spread), where 4 MB cost about a tenth more
 * (docs/performance.md, "The stream's memory").
 */
export function heapFlags(heapMb: number): string[] {
  if (heapMb <= 0) return [];
  const semiSpaceMb = Math.min(MAX_SEMI_SPACE_MB, Math.max(1, Math.round(heapMb / OLD_TO_SEMI_SPACE)));
  return [`--max-old-space-size=${heapMb}`, `--max-semi-space-size=${semiSpaceMb}`];
}

/**
 * glibc's allocator settings for the gateway, unless the user set any: the threshold above which
 * an allocation gets pages of its own (returned on free) held at glibc's default, 128 KiB. glibc
 * otherwise raises it to the size of each such block freed, up to 32 MiB, so once SQLite, the
 * HTTP parser or V8's compiler has freed a buffer of a megabyte, buffers that size are carved from
 * the thread's arena and kept there; each pool thread's arena then holds its own high-water mark.
 * The 1 GB masked stream's native memory was about 44 MB at its peak with it raised, 16 held
 * (docs/performance.md, "The stream's native memory"). Other C libraries ignore the variable.
 */
export function allocatorEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  if (ALLOCATOR_VARIABLES.some((name) => env[name] !== undefined)) return {};
  return { MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD_BYTES) };
}

/** glibc's default threshold, which its dynamic adjustment would otherwise raise. */
const MMAP_THRESHOLD_BYTES = 128 * 1024;
/** Variables through which a user tunes glibc's allocator: any of them leaves it to the user. */
const ALLOCATOR_VARIABLES = ['GLIBC_TUNABLES', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_ARENA_MAX', 'MALLOC_TOP_PAD_'];

/** Old generation MB per MB of one semi-space (the young generation is two of them). */
const OLD_TO_SEMI_SPACE = 48;
/** What Node gives 64-bit hosts by default: no more than that. */
const MAX_SEMI_SPACE_MB = 16;

/** What a launched gateway sends its launcher when the policy names another heap limit. */
interface RelaunchRequest {
  readonly heapMb: number;
}

function isRelaunchRequest(message: unknown): message is RelaunchRequest {
  return typeof message === 'object' && message !== null && typeof (message as { heapMb?: unknown }).heapMb === 'number';
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs one child; resolves with its exit code (128 + the signal's number if killed) and any relaunch request. */
function runChild(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  heapMb: number,
): Promise<{ code: number; again?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...heapFlags(heapMb), script, ...args], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...env, ...allocatorEnv(env), [HEAP_ENV]: String(heapMb) },
    });
    let again: number | undefined;
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    const done = (): void => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    child.on('message', (message: unknown) => {
      if (isRelaunchRequest(message)) again = message.heapMb;
    });
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      const status = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
      resolve(again === undefined ? { code: status } : { code: status, again });
    });
  });
}

/**
 * The launcher's side: runs `script args` (a `serve`) in a child with the default heap limit, and
 * once more with the policy's if the child asks; resolves with the exit code to end with, or
 * undefined when this process should run the command itself (the heap is the user's, or this is
 * already a launched gateway).
 */
export async function launchWithHeapLimit(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  if (env[HEAP_ENV] !== undefined || userSizedHeap(process.execArgv, env)) return undefined;
  const first = await runChild(script, args, env, DEFAULT_HEAP_MB);
  if (first.again === undefined) return first.code;
  return (await runChild(script, args, env, first.again)).code;
}

/**
 * The launched gateway's side, once the policy is read: true when it must stop and be started
 * again with `heapMb` (the launcher was told). Otherwise it dies with its launcher: the IPC
 * channel closes when the launcher does, even when killed outright (SIGKILL cannot be passed on).
 */
export function relaunchNeeded(heapMb: number, env: NodeJS.ProcessEnv): boolean {
  const given = env[HEAP_ENV];
  if (given === undefined || !process.connected) return false;
  if (Number(given) !== heapMb) {
    process.send?.({ heapMb } satisfies RelaunchRequest);
    process.disconnect();
    return true;
  }
  // The channel only watches for the launcher; it must not keep the gateway alive by itself.
  process.channel?.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  return false;
}
