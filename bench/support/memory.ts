/**
 * What a participant's RSS is made of, as far as the process can tell from inside: V8's heap by
 * space (what is in use and what the space holds resident), memory that JS objects hold outside
 * the heap (Buffers, ArrayBuffers), and the rest of the resident set by kind of mapping from
 * `/proc/self/smaps` (the executable and shared libraries, the C allocator's main arena, other
 * anonymous memory). V8's pages are anonymous mappings, so "native" is the anonymous resident
 * memory that is neither V8's heap nor an ArrayBuffer's: the C allocator's arenas (SQLite's page
 * cache, node-sqlite3's and the HTTP parser's buffers, ICU), thread stacks, V8's own metadata.
 */
import { readFileSync } from 'node:fs';
import { getHeapCodeStatistics, getHeapSpaceStatistics } from 'node:v8';

export interface HeapSpace {
  readonly name: string;
  /** Live objects and garbage not yet collected. */
  readonly usedBytes: number;
  /** Resident pages of the space (what it costs in RSS). */
  readonly residentBytes: number;
}

export interface MemoryBreakdown {
  readonly rssBytes: number;
  readonly spaces: readonly HeapSpace[];
  /** Code, bytecode and their metadata inside the heap (part of the spaces above). */
  readonly codeBytes: number;
  /** Memory held outside the heap by JS objects (Buffers included). */
  readonly externalBytes: number;
  readonly arrayBuffersBytes: number;
  /** Resident pages of files: the node executable, native add-ons, shared libraries. */
  readonly fileBytes: number;
  /** The C allocator's main arena (`[heap]`). */
  readonly brkHeapBytes: number;
  /** Thread stacks (the main one; other threads' stacks are anonymous mappings, counted below). */
  readonly stackBytes: number;
  /** All other anonymous resident memory: V8's pages, the allocator's other arenas, ArrayBuffers. */
  readonly anonymousBytes: number;
}

const KB = 1024;

/** RSS by kind of mapping, from /proc/self/smaps (Linux); zeros elsewhere. */
function mappings(): { file: number; brkHeap: number; stack: number; anonymous: number } {
  const totals = { file: 0, brkHeap: 0, stack: 0, anonymous: 0 };
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'latin1');
  } catch {
    return totals;
  }
  let kind: keyof typeof totals = 'anonymous';
  for (const line of text.split('\n')) {
    // A mapping's header: "start-end perms offset dev inode [path]"; its fields follow.
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const path = header[1] ?? '';
      kind = path.startsWith('/') ? 'file' : path === '[heap]' ? 'brkHeap' : path.startsWith('[stack') ? 'stack' : 'anonymous';
      continue;
    }
    if (line.startsWith('Rss:')) totals[kind] += Number(/\d+/.exec(line)?.[0] ?? 0) * KB;
  }
  return totals;
}

export function memoryBreakdown(): MemoryBreakdown {
  const usage = process.memoryUsage();
  const code = getHeapCodeStatistics();
  const map = mappings();
  return {
    rssBytes: usage.rss,
    spaces: getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      usedBytes: space.space_used_size,
      residentBytes: space.physical_space_size,
    })),
    codeBytes: code.code_and_metadata_size + code.bytecode_and_metadata_size,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
    fileBytes: map.file,
    brkHeapBytes: map.brkHeap,
    stackBytes: map.stack,
    anonymousBytes: map.anonymous,
  };
}

const MB = 1024 * 1024;

/** The breakdown as a few lines of MB, for the harness's log. */
export function formatBreakdown(label: string, memory: MemoryBreakdown): string[] {
  const mb = (bytes: number): string => (bytes / MB).toFixed(1);
  const heapResident = memory.spaces.reduce((sum, space) => sum + space.residentBytes, 0);
  const heapUsed = memory.spaces.reduce((sum, space) => sum + space.usedBytes, 0);
  // What the anonymous mappings hold besides V8's pages and JS's off-heap buffers.
  const native = memory.anonymousBytes + memory.brkHeapBytes - heapResident - memory.arrayBuffersBytes;
  const spaces = memory.spaces
    .filter((space) => space.residentBytes > 0)
    .map((space) => `${space.name.replace(/_space$/, '')} ${mb(space.usedBytes)}/${mb(space.residentBytes)}`)
    .join(', ');
  return [
    `  ${label}: RSS ${mb(memory.rssBytes)} MB = files ${mb(memory.fileBytes)} + V8 heap ${mb(heapResident)} (used ${mb(heapUsed)}) + array buffers ${mb(memory.arrayBuffersBytes)} + native ${mb(native)} + stack ${mb(memory.stackBytes)}`,
    `    heap spaces, used/resident MB: ${spaces}; code and bytecode ${mb(memory.codeBytes)}; external ${mb(memory.externalBytes)}`,
  ];
}
