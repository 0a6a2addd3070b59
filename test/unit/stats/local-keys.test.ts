import { describe, expect, it } from 'vitest';
import { localKeys } from '../../../src/stats/complaint-facts';

describe('local statistics keys', () => {
  it.each([
    { title: 'Shanghai: 31 October 17:00 UTC is 1 November', at: '2026-10-31T17:00:00Z', zone: 'Asia/Shanghai', keys: { day: '2026-11-01', month: '2026-11', week: '2026-W44' } },
    { title: 'UTC keeps the UTC date', at: '2026-10-31T17:00:00Z', zone: 'UTC', keys: { day: '2026-10-31', month: '2026-10', week: '2026-W44' } },
    { title: 'Berlin in summer time (+2): a fixed +1 offset would say March', at: '2026-03-31T22:30:00Z', zone: 'Europe/Berlin', keys: { day: '2026-04-01', month: '2026-04', week: '2026-W14' } },
    { title: 'Berlin in winter time (+1)', at: '2026-10-31T23:30:00Z', zone: 'Europe/Berlin', keys: { day: '2026-11-01', month: '2026-11', week: '2026-W44' } },
    { title: 'ISO week-year: 1 January 2027 is in 2026-W53', at: '2027-01-01T02:00:00Z', zone: 'Asia/Shanghai', keys: { day: '2027-01-01', month: '2027-01', week: '2026-W53' } },
  ])('$title', ({ at, zone, keys }) => {
    expect(localKeys(new Date(at), zone)).toEqual(keys);
  });
});
