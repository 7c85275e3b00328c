// The rule that check-determinism and bench-suite apply to one metric's figures across processes.
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../harness/parent/project/paths.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { loadFigureAgreement } from './figure-agreement.mjs';

type Agreement = (metric: string, values: number[]) => { verdict: string; spreadPct: number | null };

describe('figure agreement', () => {
  it('wants JS figures identical, native counts within 1% or 32 allocations (beyond: a verdict of its own), and ignores advisory figures', async () => {
    const agreement = (await loadFigureAgreement(packageRoot, 1)) as Agreement;
    expect(agreement('total_allocations', [795230, 795230]).verdict).toBe('identical');
    expect(agreement('total_allocations', [795230, 795231]).verdict).toBe('differs');
    expect(agreement('remaining_allocations', [4, 5]).verdict).toBe('differs');
    // Small native counts: a GC's bookkeeping in the window is more than 1%.
    expect(agreement('total_native_allocations', [36, 38, 36]).verdict).toBe('within');
    expect(agreement('total_native_allocations', [315, 317, 333]).verdict).toBe('within');
    expect(agreement('total_native_allocations', [299, 340]).verdict).toBe('beyond');
    // Large ones: 1% is more than 32.
    expect(agreement('total_native_allocations', [22843, 22869]).verdict).toBe('within');
    expect(agreement('total_native_allocations', [22000, 22400]).verdict).toBe('beyond');
    expect(agreement('total_native_allocated_bytes', [1206, 1590]).verdict).toBe('advisory');
  });

  it('takes the absolute slack as a parameter, 0 for none', async () => {
    const agreement = (await loadFigureAgreement(packageRoot, 1, 0)) as Agreement;
    expect(agreement('total_native_allocations', [36, 38]).verdict).toBe('beyond');
  });
});
