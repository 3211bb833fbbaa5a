import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';

export interface DecodedJwt {
  readonly header: { readonly alg?: string; readonly kid?: string; readonly typ?: string };
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Splits and decodes a compact JWS; throws on anything that is not one. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT (expected three dot-separated parts)');
  const [h, p, s] = parts as [string, string, string];
  const json = (part: string, what: string) => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new Error(`the JWT ${what} is not JSON`);
    }
  };
  return { header: json(h, 'header'), payload: json(p, 'payload'), signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

const ALGORITHMS: Record<string, { hash: string; kty: string; dsa?: boolean; pss?: boolean }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pss: true },
  ES256: { hash: 'sha256', kty: 'EC', dsa: true },
  ES384: { hash: 'sha384', kty: 'EC', dsa: true },
};

/**
 * Verifies the signature against the realm's JWKS, as a `jwt-public-key` service does.
 * Returns the reason it fails, or undefined when the signature is good.
 */
export function checkSignature(jwt: DecodedJwt, jwks: { keys?: readonly (JsonWebKey & { kid?: string; use?: string })[] }): string | undefined {
  const alg = jwt.header.alg ?? '';
  const spec = ALGORITHMS[alg];
  if (!spec) return `unsupported or missing alg "${alg}"`;
  const key = (jwks.keys ?? []).find((k) => k.kid === jwt.header.kid && k.kty === spec.kty && k.use !== 'enc');
  if (!key) return `no ${spec.kty} key with kid "${String(jwt.header.kid)}" in the realm's JWKS`;
  const publicKey = createPublicKey({ key, format: 'jwk' });
  const ok = verifySignature(
    spec.hash,
    Buffer.from(jwt.signingInput),
    spec.dsa ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : spec.pss ? { key: publicKey, padding: 6, saltLength: 32 } : publicKey,
    jwt.signature,
  );
  return ok ? undefined : 'signature does not verify against the realm key';
}
