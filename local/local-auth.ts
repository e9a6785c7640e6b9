import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type AdminRole, GROUPS_CLAIM } from '../functions/shared/admin-roles';

/**
 * The client id of the admin app at the local OpenID provider (local/local-oidc.ts), and the one
 * entry of the local authoriser's audience list, as the user pool client's id is in AWS.
 */
export const ADMIN_CLIENT_ID = 'municipal-network-admin';
/** The audience the local authoriser accepts (in `aud` or `client_id`). */
export const LOCAL_AUDIENCE = ADMIN_CLIENT_ID;
/** The key id the provider publishes the key under in its JWKS. */
export const LOCAL_KEY_ID = 'local';

export interface AdminTokenOptions {
  subject?: string;
  /** Relative (`7d`, jose's syntax) or absolute (seconds since the epoch). */
  expiresIn?: string | number;
  notBefore?: string | number;
  /** The app the token is for: its `client_id` (and its `aud`, when given). */
  audience?: string;
  issuer?: string;
  /** Its `cognito:groups` (default: secretariat). */
  groups?: readonly AdminRole[];
}

export interface LocalIssuer {
  issuer: string;
  /**
   * Signs an admin access token as Cognito's look (`client_id`, `token_use: access`,
   * `cognito:groups`), without a sign-in: the long-lived `.local/admin-token` of scripts. The other
   * options make the tokens the gate must refuse (another audience or issuer, not valid yet,
   * expired): tests only.
   */
  issueAdminToken(options?: AdminTokenOptions): Promise<string>;
  /**
   * What API Gateway's JWT authoriser checks: the signature (by the issuer's key), the issuer,
   * `aud` or else `client_id` in the audience list, expiry and not-before.
   */
  verify(token: string): Promise<JWTPayload>;
  /**
   * Whether an Authorization header carries a valid admin bearer token of the secretariat (the
   * `/_local` controls: clock, dead letters).
   */
  isAdmin(authorization: string | undefined): Promise<boolean>;
  publicJwk(): Promise<Record<string, unknown>>;
  /** The signing key, for the local OpenID provider (it signs its tokens with it and publishes it). */
  privateJwk(): Promise<JWK>;
}

/** API Gateway: "If the aud claim is absent, the client_id claim must match an audience entry." */
const audienceAccepted = (payload: JWTPayload, audiences: readonly string[]): boolean => {
  if (payload.aud !== undefined) {
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return aud.some((entry) => audiences.includes(entry));
  }
  return typeof payload.client_id === 'string' && audiences.includes(payload.client_id);
};

/**
 * The local stand-in for the user pool's keys: an RS256 key pair made at start-up, with which the
 * local OpenID provider signs. Tokens from an earlier run are refused, as after a key rotation.
 */
export const createLocalIssuer = async (
  issuer: string,
  options: { audiences?: readonly string[] } = {},
): Promise<LocalIssuer> => {
  const audiences = options.audiences ?? [LOCAL_AUDIENCE];
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const verify = async (token: string): Promise<JWTPayload> => {
    const { payload } = await jwtVerify(token, publicKey as CryptoKey, { issuer, algorithms: ['RS256'] });
    if (!audienceAccepted(payload, audiences))
      throw new Error('Neither aud nor client_id is an accepted audience');
    return payload;
  };
  return {
    issuer,
    issueAdminToken: ({
      subject = 'local-admin',
      expiresIn = '7d',
      notBefore,
      audience,
      issuer: tokenIssuer = issuer,
      groups = ['secretariat'],
    } = {}) => {
      // As Cognito's access tokens: no `aud`, the app in `client_id`.
      const token = new SignJWT({
        client_id: audience ?? LOCAL_AUDIENCE,
        scope: 'openid email profile',
        token_use: 'access',
        [GROUPS_CLAIM]: [...groups],
        username: subject,
      })
        .setProtectedHeader({ alg: 'RS256', kid: LOCAL_KEY_ID })
        .setIssuer(tokenIssuer)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(expiresIn);
      if (audience !== undefined) token.setAudience(audience);
      return (notBefore === undefined ? token : token.setNotBefore(notBefore)).sign(privateKey as CryptoKey);
    },
    verify,
    isAdmin: async (authorization) => {
      const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      if (!token) return false;
      return verify(token).then(
        (payload) => {
          const groups = payload[GROUPS_CLAIM];
          return Array.isArray(groups) && groups.includes('secretariat');
        },
        () => false,
      );
    },
    publicJwk: async () => ({ ...(await exportJWK(publicKey)), kid: LOCAL_KEY_ID, alg: 'RS256', use: 'sig' }),
    privateJwk: async () => ({
      ...(await exportJWK(privateKey)),
      kid: LOCAL_KEY_ID,
      alg: 'RS256',
      use: 'sig',
    }),
  };
};

/**
 * The claims as API Gateway hands them to the function (payload format 2.0): every value a
 * string, an array as `[a b]` (so `cognito:groups` arrives as `"[secretariat check-in]"`).
 */
export const gatewayClaims = (payload: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.map(String).join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
