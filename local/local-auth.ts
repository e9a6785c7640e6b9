import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const LOCAL_AUDIENCE = 'municipal-network-admin';

export interface AdminTokenOptions {
  subject?: string;
  /** Relative (`7d`, jose's syntax) or absolute (seconds since the epoch). */
  expiresIn?: string | number;
  notBefore?: string | number;
  audience?: string;
  issuer?: string;
}

export interface LocalIssuer {
  issuer: string;
  /**
   * Signs an admin access token, like Cognito would after sign-in. The other options make the
   * tokens the gate must refuse (another audience or issuer, not valid yet, expired): tests only.
   */
  issueAdminToken(options?: AdminTokenOptions): Promise<string>;
  /** What API Gateway's JWT authoriser checks: signature, issuer, audience, expiry, not-before. */
  verify(token: string): Promise<JWTPayload>;
  /** Whether an Authorization header carries a valid admin bearer token (the `/_local` controls). */
  isAdmin(authorization: string | undefined): Promise<boolean>;
  publicJwk(): Promise<Record<string, unknown>>;
}

/**
 * A stand-in for the Cognito user pool: an RS256 key pair made at start-up. Tokens from an earlier
 * run are refused, as they would be after a key rotation.
 */
export const createLocalIssuer = async (issuer: string): Promise<LocalIssuer> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const verify = async (token: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, publicKey as CryptoKey, {
      issuer,
      audience: LOCAL_AUDIENCE,
      algorithms: ['RS256'],
    });
    return payload;
  };
  return {
    issuer,
    issueAdminToken: ({
      subject = 'local-admin',
      expiresIn = '7d',
      notBefore,
      audience = LOCAL_AUDIENCE,
      issuer: tokenIssuer = issuer,
    } = {}) => {
      const token = new SignJWT({ scope: 'admin', token_use: 'access' })
        .setProtectedHeader({ alg: 'RS256', kid: 'local' })
        .setIssuer(tokenIssuer)
        .setAudience(audience)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(expiresIn);
      return (notBefore === undefined ? token : token.setNotBefore(notBefore)).sign(privateKey as CryptoKey);
    },
    verify,
    isAdmin: async (authorization) => {
      const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return false;
      return verify(token).then(
        () => true,
        () => false,
      );
    },
    publicJwk: async () => ({ ...(await exportJWK(publicKey)), kid: 'local', alg: 'RS256', use: 'sig' }),
  };
};
