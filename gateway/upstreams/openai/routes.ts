/**
 * The OpenAI-compatible model API the gateway serves (OpenAI's API reference; AutoGen's
 * OpenAIChatCompletionClient uses chat completions). Every route that carries text a person
 * wrote is masked before it leaves (requestMasking.ts); routes whose bodies the gateway cannot
 * read (audio files) are refused unless the upstream opts into raw pass-through.
 */
import type { RouteSpec } from '../routes.js';

export interface ModelRoute {
  /** The body names a model, which policy checks against the rule's `models`. */
  readonly model?: boolean;
}

const spec = (methods: RouteSpec<ModelRoute>['methods'], path: string, meta: ModelRoute = {}): RouteSpec<ModelRoute> => ({
  methods,
  path,
  meta,
});

export const MODEL_ROUTES: readonly RouteSpec<ModelRoute>[] = [
  spec(['GET'], '/v1/models'),
  spec(['GET'], '/v1/models/{model}'),
  spec(['POST'], '/v1/chat/completions', { model: true }),
  spec(['POST'], '/v1/completions', { model: true }),
  spec(['POST'], '/v1/embeddings', { model: true }),
  spec(['POST'], '/v1/moderations', { model: true }),
  spec(['POST'], '/v1/responses', { model: true }),
  spec(['GET', 'DELETE'], '/v1/responses/{id}'),
  spec(['POST'], '/v1/responses/{id}/cancel'),
  spec(['GET'], '/v1/responses/{id}/input_items'),
  spec(['POST'], '/v1/audio/speech', { model: true }),
  spec(['POST'], '/v1/audio/transcriptions', { model: true }),
  spec(['POST'], '/v1/audio/translations', { model: true }),
  spec(['GET', 'POST'], '/v1/assistants', { model: true }),
  spec(['GET', 'POST', 'DELETE'], '/v1/assistants/{id}', { model: true }),
  spec(['POST'], '/v1/threads'),
  spec(['POST'], '/v1/threads/runs', { model: true }),
  spec(['GET', 'POST', 'DELETE'], '/v1/threads/{id}'),
  spec(['GET', 'POST'], '/v1/threads/{id}/messages'),
  spec(['GET', 'POST', 'DELETE'], '/v1/threads/{id}/messages/{message}'),
  spec(['GET', 'POST'], '/v1/threads/{id}/runs', { model: true }),
  spec(['GET', 'POST'], '/v1/threads/{id}/runs/{run}'),
  spec(['POST'], '/v1/threads/{id}/runs/{run}/cancel'),
  spec(['POST'], '/v1/threads/{id}/runs/{run}/submit_tool_outputs'),
  spec(['GET'], '/v1/threads/{id}/runs/{run}/steps'),
  spec(['GET'], '/v1/threads/{id}/runs/{run}/steps/{step}'),
];
