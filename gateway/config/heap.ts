/**
 * `server.heapMb` by default: three quarters of the 512 MiB the deployment manifests allow. Its
 * own module, so the launcher (gateway/cli/heapLimit.ts) reads it without loading the schema.
 */
export const DEFAULT_HEAP_MB = 384;
