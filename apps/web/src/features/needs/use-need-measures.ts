import type { NeedMeasure } from '@common-ground/schema';
import { listNeedMeasures } from '../../api/need-measures-api.js';
import { useResource, type Resource } from '../../lib/use-resource.js';
import { useSession } from '../account/session.js';

/**
 * The need measures the signed-in person may use (public ones, and workers-only ones for
 * workers), reloaded when who is signed in changes. Pass `version` to reload after a change.
 * @example const measures = useNeedMeasures(); const options = needDomainChoices(measures.status === 'ready' ? measures.data : []);
 */
export function useNeedMeasures(version = 0): Resource<NeedMeasure[]> {
  const session = useSession();
  // undefined: still asking who is signed in; wait rather than load twice.
  const key = session.user === undefined ? null : `${session.user?.id ?? 'public'}:${version}`;
  return useResource(key, (_key, signal) => listNeedMeasures(signal));
}
