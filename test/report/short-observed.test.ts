import { describe, expect, it } from 'vitest';
import { shortObserved } from '../../harness/report/claim-rows.ts';

describe('a probe observation in a few words', () => {
  it('leaves out the errno list when it names the same errnos as errno, in any order', () => {
    expect(shortObserved({ errno: 'EPERM', errnos: { bpf: 'EPERM' }, uid: 0 })).toBe('errno EPERM; uid 0');
    expect(shortObserved({ errno: 'ENOSYS,EPERM', errnos: { a: 'EPERM', b: 'ENOSYS' } })).toBe('errno ENOSYS,EPERM');
  });

  it('keeps the errno list when it says more than errno, or there is no errno', () => {
    expect(shortObserved({ errno: 'EPERM', errnos: { a: 'EPERM', b: 'ENOSYS' } })).toBe(
      'errno EPERM; errnos: EPERM, ENOSYS',
    );
    expect(shortObserved({ errnos: { mkdir: 'EROFS' } })).toBe('errnos: EROFS');
  });
});
