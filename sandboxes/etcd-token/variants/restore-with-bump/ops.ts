// ops.ts — the same restore with --bump-revision 1000: every new revision is above the old ones.
import type { RestorePlan } from '../../../kit/index.ts';

export const restore: RestorePlan | null = { at: 25_000, bumpRevision: 1000 };
