import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N = 2^ln, r, p. Raising these re-hashes each password at its owner's next login. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** A stored hash: $scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64> (the PHC string format). */
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, { ln, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes and a little more; Node's default cap (32 MiB) is too tight at ln=15, r=8.
  const maxmem = 256 * 2 ** ln * r;
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: 2 ** ln, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PHC.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[5], 'base64');
  const actual = await derive(password, Buffer.from(m[4], 'base64'), { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const m = PHC.exec(stored);
  return !m || Number(m[1]) < params.ln || Number(m[2]) < params.r || Number(m[3]) < params.p;
}

/** Burns the same time as a real check, so an unknown username answers as slowly as a wrong password. */
let dummy: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, await (dummy ??= hashPassword(randomBytes(16).toString('hex'))));
  return false;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
