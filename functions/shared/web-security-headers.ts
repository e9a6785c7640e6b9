/**
 * The security headers of the web pages, one definition for the local gateway and the CloudFront
 * response headers policy: no inline script or style (every script and style is a file of the
 * site), no framing, HTTPS only, and the referrer kept to the origin across sites.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** Two years, subdomains included (the HSTS preload list asks for at least one). */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': REFERRER_POLICY,
  'x-frame-options': 'DENY',
};

/**
 * The admin app's policy (under /admin/): the public pages' policy, with the sign-in provider's
 * origins added to `connect-src` only, as oidc-client-ts fetches discovery, keys and tokens from
 * them (Cognito: the issuer on cognito-idp, the token endpoint on the managed-login domain).
 * Sign-in and sign-out are navigations, which `connect-src` does not govern; no frames are allowed,
 * so no silent renewal in a hidden iframe.
 */
export const adminContentSecurityPolicy = (signInOrigins: readonly string[]): string =>
  CONTENT_SECURITY_POLICY.replace("connect-src 'self'", ["connect-src 'self'", ...signInOrigins].join(' '));

export const adminSecurityHeaders = (signInOrigins: readonly string[]): Record<string, string> => ({
  ...SECURITY_HEADERS,
  'content-security-policy': adminContentSecurityPolicy(signInOrigins),
});
