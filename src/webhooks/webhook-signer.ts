import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * A new endpoint secret: `whsec_` + base64 of 24 random bytes (the Standard Webhooks format). Stored as is:
 * signing needs the secret itself (HMAC), so it cannot be hashed like an API key; it is shown once.
 */
export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Signers by secret (the reference implementation decodes the key in its constructor). */
const signers = new Map<string, Webhook>();

function signer(secret: string): Webhook {
  let webhook = signers.get(secret);
  if (!webhook) {
    if (signers.size > 10_000) signers.clear();
    webhook = new Webhook(secret);
    signers.set(secret, webhook);
  }
  return webhook;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers: HMAC-SHA256 over `id.timestamp.body` per secret, `v1,<base64>` each, space
 * separated (the current secret first, then one still in its rotation overlap).
 */
export function signWebhook(secrets: string[], id: string, at: Date, body: string): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  const when = new Date(timestamp * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signer(s).sign(id, when, body)).join(' '),
  };
}
