/**
 * What the app needs to know of its sign-in, read from `/admin/config.json`: written at deployment
 * from the stack's outputs (infra/web-site.ts), served by the local gateway from the local cloud's
 * provider. Nothing of it is built into app.js, so one build serves every stage.
 */
export interface AppConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /**
   * Cognito's managed login signs out at `<domain>/logout?client_id=…&logout_uri=…` and names no
   * end_session_endpoint in its discovery; absent locally, where the provider has one.
   */
  readonly logoutEndpoint?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export const loadConfig = async (): Promise<AppConfig> => {
  const response = await fetch('/admin/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const body = (await response.json()) as Record<string, unknown>;
  if (!isText(body.issuer) || !isText(body.clientId) || !isText(body.redirectUri))
    throw new Error('config.json: issuer, clientId and redirectUri are required');
  return {
    issuer: body.issuer,
    clientId: body.clientId,
    redirectUri: body.redirectUri,
    ...(isText(body.logoutEndpoint) ? { logoutEndpoint: body.logoutEndpoint } : {}),
  };
};
