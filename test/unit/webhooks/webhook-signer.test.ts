import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, signWebhook } from '../../../src/webhooks/webhook-signer';

describe('webhook signatures (Standard Webhooks)', () => {
  it("matches the specification's published known-answer vector", () => {
    const headers = signWebhook(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('verifies with the reference library and refuses a tampered body', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = JSON.stringify({ type: 'complaint.created', data: { n: 1 } });
    const headers = signWebhook([secret], 'evt-1', new Date(), body);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('1', '2'), { ...headers })).toThrow(/signature/i);
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow(/signature/i);
  });

  it('carries one signature per secret during a rotation, each verifiable with its secret', () => {
    const [next, previous] = [generateSecret(), generateSecret()];
    const body = '{"a":1}';
    const headers = signWebhook([next, previous], 'evt-2', new Date(), body);
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part).toMatch(/^v1,/);
    for (const secret of [next, previous]) expect(new Webhook(secret).verify(body, { ...headers })).toEqual({ a: 1 });
    expect(signWebhook([next], 'evt-2', new Date(Number(headers['webhook-timestamp']) * 1000), body)['webhook-signature']).toBe(parts[0]);
  });
});
