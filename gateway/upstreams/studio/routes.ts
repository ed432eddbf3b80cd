/**
 * The AutoGen Studio API the gateway serves (autogenstudio/web/app.py and web/routes/*.py, at
 * microsoft/autogen 027ecf0a): what each route names (so its owner is checked), what it lists (so
 * others' rows are dropped), and where it carries a component (so code execution is found).
 * Studio trusts the `user_id` a client sends; the gateway replaces it with the verified caller and
 * checks every record a path or body names against that caller. Studio's `/auth` routes (the
 * gateway is the authority) and `/mcp` (its WebSocket cannot be inspected) are not served.
 */
import type { RouteSpec } from '../routes.js';

/** Records of Studio that belong to a user. */
export type StudioRecord = 'session' | 'run' | 'team' | 'gallery' | 'settings';

export interface StudioRoute {
  /** The record a `{id}` segment names: it must be the caller's. */
  readonly names?: StudioRecord;
  /** Records a JSON body names by field: each must be the caller's (an upsert with another's id, a run on another's session). */
  readonly bodyNames?: Readonly<Record<string, StudioRecord>>;
  /** The response lists records: others' rows are dropped. */
  readonly lists?: boolean;
  /** Where the body carries a component to inspect for code execution. */
  readonly component?: 'body';
  /** The run WebSocket (served by the stream entry, not over HTTP). */
  readonly socket?: boolean;
}

const spec = (methods: RouteSpec<StudioRoute>['methods'], path: string, meta: StudioRoute = {}): RouteSpec<StudioRoute> => ({
  methods,
  path,
  meta,
});

export const STUDIO_ROUTES: readonly RouteSpec<StudioRoute>[] = [
  spec(['GET'], '/api/version'),
  spec(['GET'], '/api/health'),
  spec(['GET'], '/api/sessions', { lists: true }),
  spec(['POST'], '/api/sessions', { bodyNames: { id: 'session', team_id: 'team' } }),
  spec(['GET', 'DELETE'], '/api/sessions/{id}', { names: 'session' }),
  spec(['PUT'], '/api/sessions/{id}', { names: 'session', bodyNames: { team_id: 'team' } }),
  spec(['GET'], '/api/sessions/{id}/runs', { names: 'session', lists: true }),
  spec(['POST'], '/api/runs', { bodyNames: { session_id: 'session' } }),
  spec(['GET'], '/api/runs/{id}', { names: 'run' }),
  spec(['GET'], '/api/runs/{id}/messages', { names: 'run', lists: true }),
  spec(['GET'], '/api/teams', { lists: true }),
  spec(['POST'], '/api/teams', { bodyNames: { id: 'team' }, component: 'body' }),
  spec(['GET', 'DELETE'], '/api/teams/{id}', { names: 'team' }),
  spec(['POST'], '/api/validate', { component: 'body' }),
  spec(['POST'], '/api/validate/test', { component: 'body' }),
  spec(['GET'], '/api/settings'),
  spec(['PUT'], '/api/settings', { bodyNames: { id: 'settings' } }),
  spec(['GET'], '/api/gallery', { lists: true }),
  // A gallery entry publishes components (teams, agents, tools) for others to run.
  spec(['POST'], '/api/gallery', { bodyNames: { id: 'gallery' }, component: 'body' }),
  spec(['GET', 'DELETE'], '/api/gallery/{id}', { names: 'gallery' }),
  spec(['PUT'], '/api/gallery/{id}', { names: 'gallery', component: 'body' }),
  spec(['GET'], '/api/ws/runs/{id}', { names: 'run', socket: true }),
];
