import { jwtVerify, SignJWT } from 'jose';

/**
 * Access tokens: compact JWS, HS256 only, through jose. The algorithm is pinned on verify (a header naming
 * `none`, HS512, RS256 ... is refused), as are the issuer, the audience and the `JWT` type; the header's `kid`
 * names the key of the ring (signing-keys.ts) that verifies it.
 */
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
  /** The secret of a key id, or null for an unknown or retired one (the token is then refused). */
  keys: (kid: string | undefined) => Promise<Buffer | null>;
  issuer: string;
  audience: string;
}

export function signJwt(claims: AccessClaims, key: { kid: string; secret: Buffer }): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(key.secret);
}

/** The claims of a valid token, or null (any defect: shape, algorithm, signature, issuer, audience, time). */
export async function verifyJwt(token: string, { keys, issuer, audience }: JwtOptions, nowMs: number, leewaySeconds = 30): Promise<AccessClaims | null> {
  try {
    const key = async ({ kid }: { kid?: string }) => {
      const secret = await keys(kid);
      if (!secret) throw new Error('unknown key id');
      return secret;
    };
    const { payload: c } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      typ: 'JWT',
      issuer,
      audience,
      currentDate: new Date(nowMs),
      clockTolerance: leewaySeconds,
      requiredClaims: ['sub', 'iat', 'exp'],
    });
    if (typeof c.sub !== 'string' || typeof c.tid !== 'string' || typeof c.sid !== 'string' || typeof c.iat !== 'number' || typeof c.exp !== 'number' || typeof c.aud !== 'string') return null;
    // jose checks exp; a token issued in the future is refused here.
    if (c.iat > nowMs / 1000 + leewaySeconds) return null;
    return c as unknown as AccessClaims;
  } catch {
    return null;
  }
}

/** Cheap shape test used to route a bearer credential: a JWT has three dot-separated base64url parts. */
export const looksLikeJwt = (credential: string): boolean => /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(credential);
