// compareHolds and explainCompare (sandboxes/kit/kv.ts), shared by the kit’s store and the lab’s real-etcd
// session: whether a transaction’s compare holds, as etcd judges it, and the one wording of a failed one
// (etcd’s field, what the key held, what the compare wanted).
import { describe, expect, it } from 'vitest';
import { compareHolds, explainCompare, type KeyValue } from '../../sandboxes/kit/kv.ts';

const kv: KeyValue = { key: '/k', value: 'v1', createRevision: 101, modRevision: 107, version: 3, lease: 0 };

describe('explainCompare', () => {
  it('names each target by etcd’s field and gives the key’s actual number or quoted value', () => {
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

describe('compareHolds', () => {
  it('compares the target with each operator, a missing key reading as revision and version 0', () => {
    expect(compareHolds({ key: '/k', target: 'mod', op: '=', value: 107 }, kv)).toBe(true);
    expect(compareHolds({ key: '/k', target: 'mod', op: '!=', value: 107 }, kv)).toBe(false);
    expect(compareHolds({ key: '/k', target: 'version', op: '<', value: 4 }, kv)).toBe(true);
    expect(compareHolds({ key: '/k', target: 'create', op: '>', value: 101 }, kv)).toBe(false);
    expect(compareHolds({ key: '/k', target: 'value', op: '=', value: 'v1' }, kv)).toBe(true);
    expect(compareHolds({ key: '/gone', target: 'create', op: '=', value: 0 }, undefined)).toBe(true);
  });

  it('fails any value compare on a missing key, as etcd does, even != or one wanting the empty value', () => {
    expect(compareHolds({ key: '/gone', target: 'value', op: '!=', value: 'x' }, undefined)).toBe(false);
    expect(compareHolds({ key: '/gone', target: 'value', op: '=', value: '' }, undefined)).toBe(false);
  });
});
