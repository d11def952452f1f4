import { describe, expect, it } from 'vitest';
import { sharedLeadingClause, withoutClause } from '../../harness/report/shared-clause.ts';

const CLAUSE = "the prober (Seccomp 2) gets the filter's answer to each call:";

describe('a leading clause the probe cells share is stated once', () => {
  it('finds the clause three cells begin with, and cuts it from each of them only', () => {
    const texts = [
      `${CLAUSE} bpf EPERM`,
      `${CLAUSE} kexec_load EPERM, kexec_file_load EPERM`,
      `${CLAUSE} personality EPERM`,
      'EPERM from symlink',
      'a 4000 ms loop under a 1500 ms timeout: timeout, exit 137',
    ];
    const clause = sharedLeadingClause(texts);
    expect(clause).toBe(CLAUSE);
    expect(withoutClause(texts[1]!, clause)).toBe('… kexec_load EPERM, kexec_file_load EPERM');
    expect(withoutClause(texts[3]!, clause)).toBe('EPERM from symlink');
    expect(withoutClause(texts[4]!, clause)).toBe(texts[4]);
  });

  it('states nothing when fewer than three cells share a clause, or the colon comes late', () => {
    expect(sharedLeadingClause([`${CLAUSE} bpf EPERM`, `${CLAUSE} acct EPERM`, 'EROFS from mkdir'])).toBeNull();
    const late = `${'x'.repeat(95)}: a`;
    expect(sharedLeadingClause([late, late, late])).toBeNull();
    expect(withoutClause(`${CLAUSE} bpf EPERM`, null)).toBe(`${CLAUSE} bpf EPERM`);
  });

  it('picks the clause most cells share when two qualify', () => {
    const other = 'status error:';
    const texts = [...Array(3).fill(`${other} a`), ...Array(4).fill(`${CLAUSE} b`)] as string[];
    expect(sharedLeadingClause(texts)).toBe(CLAUSE);
  });
});
