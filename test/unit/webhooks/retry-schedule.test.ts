import { describe, expect, it } from 'vitest';
import { DISABLE_AFTER_MS, JITTER, MAX_ATTEMPTS, RETRY_SCHEDULE_MS, retryDelayMs } from '../../../src/webhooks/webhook-dispatcher';
import { parseRetryAfter } from '../../../src/webhooks/webhook-sender';
import { typeMatches } from '../../../src/webhooks/webhook.service';

describe('webhook retry schedule', () => {
  it('retries for about 3 days, within ±20 % jitter per wait, before the 5-day disabling', () => {
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.9);
    expect(total / 86_400_000).toBeLessThan(3.3);
    expect(total * (1 + JITTER)).toBeLessThan(DISABLE_AFTER_MS);
    expect(MAX_ATTEMPTS).toBe(RETRY_SCHEDULE_MS.length + 1);
    RETRY_SCHEDULE_MS.forEach((base, i) => {
      expect(retryDelayMs(i + 1, () => 0)).toBe(Math.round(base * 0.8));
      expect(retryDelayMs(i + 1, () => 1)).toBe(Math.round(base * 1.2));
      expect(retryDelayMs(i + 1, () => 0.5)).toBe(base);
    });
  });

  const now = new Date('2026-11-23T08:00:00Z');
  it.each([
    { header: undefined, ms: null },
    { header: '120', ms: 120_000 },
    { header: '0', ms: 1_000 },
    { header: '999999', ms: 86_400_000 },
    { header: 'Mon, 23 Nov 2026 08:05:00 GMT', ms: 300_000 },
    { header: 'Mon, 23 Nov 2026 07:00:00 GMT', ms: 1_000 },
    { header: 'soon', ms: null },
  ])('reads Retry-After $header as $ms ms (bounded to 1 s .. 1 day)', ({ header, ms }) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it.each([
    { filter: [], type: 'complaint.created', match: true },
    { filter: ['complaint.created'], type: 'complaint.created', match: true },
    { filter: ['complaint.created'], type: 'complaint.updated', match: false },
    { filter: ['complaint.*'], type: 'complaint.status_changed', match: true },
    { filter: ['complaint.*'], type: 'complaints.created', match: false },
    { filter: ['complaint.*'], type: 'investigation.opened', match: false },
    { filter: ['investigation.*', 'template.published'], type: 'template.published', match: true },
  ])('filter $filter takes $type: $match', ({ filter, type, match }) => {
    expect(typeMatches(filter, type)).toBe(match);
  });
});
