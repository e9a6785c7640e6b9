import { describe, expect, it } from '@jest/globals';
import { importJWK, SignJWT } from 'jose';
import { ADMIN_CLIENT_ID, createLocalIssuer, gatewayClaims, LOCAL_KEY_ID } from '../../../local/local-auth';

const ISSUER = 'http://localhost:8007';

describe('the local authoriser’s checks (local/local-auth.ts), as API Gateway’s JWT authoriser', () => {
  it('accepts the app in aud, or, without aud, in client_id; refuses an aud of another app even with the right client_id', async () => {
    // Arrange: tokens signed with the issuer's own key, as the local provider signs them
    const issuer = await createLocalIssuer(ISSUER);
    const key = await importJWK(await issuer.privateJwk(), 'RS256');
    const sign = (claims: Record<string, unknown>, audience?: string) => {
      const token = new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: LOCAL_KEY_ID })
        .setIssuer(ISSUER)
        .setSubject('someone')
        .setIssuedAt()
        .setExpirationTime('5m');
      return (audience ? token.setAudience(audience) : token).sign(key);
    };
    const accepted = (token: string) =>
      issuer.verify(token).then(
        () => true,
        () => false,
      );

    // Act + Assert
    expect(await accepted(await sign({}, ADMIN_CLIENT_ID))).toBe(true);
    expect(await accepted(await sign({ client_id: ADMIN_CLIENT_ID }))).toBe(true);
    expect(await accepted(await sign({ client_id: ADMIN_CLIENT_ID }, 'urn:another-api'))).toBe(false);
    expect(await accepted(await sign({ client_id: 'another-app' }))).toBe(false);
    expect(await accepted(await sign({}))).toBe(false);
  });

  it('issues the scripts’ admin token as Cognito’s access tokens look: client_id without aud, token_use, the secretariat group', async () => {
    const issuer = await createLocalIssuer(ISSUER);
    const payload = await issuer.verify(await issuer.issueAdminToken());
    expect(payload).toMatchObject({
      iss: ISSUER,
      client_id: ADMIN_CLIENT_ID,
      token_use: 'access',
      'cognito:groups': ['secretariat'],
    });
    expect(payload.aud).toBeUndefined();
    expect(await issuer.isAdmin(`Bearer ${await issuer.issueAdminToken()}`)).toBe(true);
    // The /_local controls want the secretariat, as the admin routes do.
    expect(await issuer.isAdmin(`Bearer ${await issuer.issueAdminToken({ groups: ['check-in'] })}`)).toBe(
      false,
    );
  });

  it('hands the claims on as API Gateway does: every value a string, arrays as "[a b]"', () => {
    expect(
      gatewayClaims({
        sub: 'x',
        exp: 1700000000,
        'cognito:groups': ['secretariat', 'check-in'],
        email_verified: true,
      }),
    ).toEqual({
      sub: 'x',
      exp: '1700000000',
      'cognito:groups': '[secretariat check-in]',
      email_verified: 'true',
    });
  });
});
