/**
 * A JSON Web Key Set served by msw, and tokens signed with its key (or another), made by jose.
 */
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const JWKS_URL = 'https://issuer.test/.well-known/jwks.json';

export async function keyPair(kid: string, alg = 'RS256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, publicKey, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export type KeyPair = Awaited<ReturnType<typeof keyPair>>;

export function token(key: KeyPair, payload: JWTPayload, expiresIn: string | number = '5m', kid = key.kid): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid }).setIssuedAt().setExpirationTime(expiresIn).sign(key.privateKey);
}

/** Serves the key set for the calling test file; `answer` replaces what it serves; `fetches` counts requests. */
export function useJwks() {
  const state = { keys: [] as object[], status: 200, fetches: 0 };
  const server = setupServer(
    http.get(JWKS_URL, () => {
      state.fetches += 1;
      return state.status === 200 ? HttpResponse.json({ keys: state.keys }) : new HttpResponse('down', { status: state.status });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    state.keys = [];
    state.status = 200;
    state.fetches = 0;
  });
  afterAll(() => server.close());
  return state;
}
