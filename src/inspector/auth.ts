import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who may use the inspector. In production only with INSPECTOR_TOKEN, given as
 * `Authorization: Bearer <token>` or by the login form's cookie; elsewhere (sandbox,
 * development) it is open and its user is the owner.
 */

export const COOKIE = 'inspector_session';

export type Access = { ok: true; owner: boolean } | { ok: false; status: 401; reason: 'missing' | 'wrong' };

/** The cookie holds a keyed hash of the token, not the token itself. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('inspector-session').digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Compare equal-length digests so neither the content nor the length leaks through timing.
  const hx = createHmac('sha256', 'cmp').update(x).digest();
  const hy = createHmac('sha256', 'cmp').update(y).digest();
  return timingSafeEqual(hx, hy) && x.length === y.length;
}

export function cookieOf(header: string | undefined, name = COOKIE): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function checkAccess(
  token: string | undefined,
  headers: { authorization?: string | undefined; cookie?: string | undefined },
): Access {
  if (!token) return { ok: true, owner: true };
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  if (bearer !== undefined) return same(bearer, token) ? { ok: true, owner: true } : denied('wrong');
  const session = cookieOf(headers.cookie);
  if (session !== undefined)
    return same(session, sessionValue(token)) ? { ok: true, owner: true } : denied('wrong');
  return denied('missing');
}

export function checkToken(token: string, given: string): boolean {
  return same(given, token);
}

const denied = (reason: 'missing' | 'wrong'): Access => ({ ok: false, status: 401, reason });
