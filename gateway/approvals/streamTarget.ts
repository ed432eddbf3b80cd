/**
 * An approval's target is a generator name, or, for an AutoGen Studio run started over a
 * WebSocket through `/proxy`, `upstream:NAME`: the held thing is then the run's `start` frame,
 * released to the runtime on approval instead of executed by the gateway.
 */
const PREFIX = 'upstream:';

export function streamTarget(upstream: string): string {
  return `${PREFIX}${upstream}`;
}

export function isStreamTarget(target: string): boolean {
  return target.startsWith(PREFIX);
}

export function upstreamOfTarget(target: string): string {
  return target.slice(PREFIX.length);
}
