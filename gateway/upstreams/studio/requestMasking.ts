/**
 * What stays exact in a request to AutoGen Studio (everything else is masked before it leaves:
 * a task, a system message or a session name is sent on to a model by the runtime): ids, the
 * caller's `user_id`, component providers and types, versions, model names, statuses, message
 * sources, and the `name` of an agent or tool inside a component's config (teams route by it).
 */
import { isIdField, type MaskingWalk } from '../requestMasking.js';

const KEEP_ANYWHERE = new Set([
  'user_id',
  'provider',
  'component_type',
  'type',
  'version',
  'component_version',
  'model',
  'status',
  'role',
  'source',
]);

export const STUDIO_REQUEST_WALK: MaskingWalk = {
  keep: (key, parentKey, value) => KEEP_ANYWHERE.has(key) || isIdField(key, value) || (key === 'name' && parentKey === 'config'),
};
