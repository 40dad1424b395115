// ops.ts — your code: what the operators do to the etcd cluster during the run.
// null: nothing. Try { at: 25_000, bumpRevision: 0 }: at 25 s etcd is restored from a snapshot
// taken at revision 90, and revisions go back to 90. With bumpRevision: 1000 (etcdutl snapshot
// restore --bump-revision 1000) they jump to 1090 instead.
import type { RestorePlan } from '../kit/index.ts';

export const restore: RestorePlan | null = null;
