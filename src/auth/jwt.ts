import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compact JWS with HS256 only. The algorithm is pinned: a token whose header names anything else
 * (`none`, RS256, ...) is refused before its signature is looked at, so there is no algorithm confusion.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export interface AccessClaims {
  iss: string;
  aud: string;
  /** User id. */
  sub: string;
  /** Tenant id. */
  tid: string;
  /** Session id: logout revokes it. */
  sid: string;
  iat: number;
  exp: number;
}

export interface JwtOptions {
  secret: Buffer;
  issuer: string;
  audience: string;
}

const mac = (secret: Buffer, input: string) => createHmac('sha256', secret).update(input).digest();

export function signJwt(claims: AccessClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${HEADER}.${payload}.${mac(secret, `${HEADER}.${payload}`).toString('base64url')}`;
}

/** The claims of a valid token, or null (any defect: shape, algorithm, signature, issuer, audience, time). */
export function verifyJwt(token: string, { secret, issuer, audience }: JwtOptions, nowMs: number, leewaySeconds = 30): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return null;
  const header = parseJson(parts[0]);
  if (!header || header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT') || 'crit' in header) return null;
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const c = parseJson(parts[1]);
  if (!c || c.iss !== issuer || c.aud !== audience) return null;
  if (typeof c.sub !== 'string' || typeof c.tid !== 'string' || typeof c.sid !== 'string' || typeof c.exp !== 'number' || typeof c.iat !== 'number') return null;
  const now = nowMs / 1000;
  if (c.exp <= now - leewaySeconds || c.iat > now + leewaySeconds) return null;
  return c as unknown as AccessClaims;
}

function parseJson(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Cheap shape test used to route a bearer credential: a JWT has three dot-separated base64url parts. */
export const looksLikeJwt = (credential: string): boolean => /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
