// ops.ts — at 25 s etcd is restored from the snapshot taken at revision 90, without --bump-revision.
import type { RestorePlan } from '../../../kit/index.ts';

export const restore: RestorePlan | null = { at: 25_000, bumpRevision: 0 };
