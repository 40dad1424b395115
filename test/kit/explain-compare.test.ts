// explainCompare (sandboxes/kit/kv.ts): the one wording of a failed compare, used by the kit's store
// and the lab's real-etcd session, names etcd's field, what the key held and what the compare wanted.
import { describe, expect, it } from 'vitest';
import { explainCompare, type KeyValue } from '../../sandboxes/kit/kv.ts';

const kv: KeyValue = { key: '/k', value: 'v1', createRevision: 101, modRevision: 107, version: 3, lease: 0 };

describe('explainCompare', () => {
  it("names each target by etcd's field and gives the key's actual number or quoted value", () => {
    expect(explainCompare({ key: '/k', target: 'create', op: '=', value: 100 }, kv)).toBe(
      'create_revision(/k) is 101, wanted = 100',
    );
    expect(explainCompare({ key: '/k', target: 'mod', op: '<', value: 105 }, kv)).toBe(
      'mod_revision(/k) is 107, wanted < 105',
    );
    expect(explainCompare({ key: '/k', target: 'version', op: '>', value: 3 }, kv)).toBe(
      'version(/k) is 3, wanted > 3',
    );
    expect(explainCompare({ key: '/k', target: 'value', op: '=', value: 'v2' }, kv)).toBe(
      'value(/k) is "v1", wanted = v2',
    );
  });

  it('says when the key does not exist, which compares as revision 0 or an empty value', () => {
    expect(explainCompare({ key: '/gone', target: 'create', op: '=', value: 101 }, undefined)).toBe(
      'create_revision(/gone) is 0 (no such key), wanted = 101',
    );
    expect(explainCompare({ key: '/gone', target: 'value', op: '!=', value: 'x' }, undefined)).toBe(
      'value(/gone) is "" (no such key), wanted != x',
    );
  });
});
