import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AppConfig } from './app-config';
import { saveDrafts } from './drafts';
import type { View } from './view';

const SIGNING_OUT = 'admin.signing-out';

/** What the app carries through the provider and back: the view to return to. */
export interface ReturnState {
  readonly view?: View;
}

export interface Auth {
  /** The signed-in user, if any and not expired. */
  currentUser(): Promise<User | undefined>;
  /** The stored user as it is now, expired or not (the API client checks before each call). */
  storedUser(): Promise<User | undefined>;
  /** Finishes a sign-in when the URL holds the provider's answer; the URL is cleaned either way. */
  completeSignIn(): Promise<{ user?: User; returnTo?: View; failed?: boolean; signedOut?: boolean }>;
  signIn(returnTo?: View): Promise<void>;
  /** The session is over (a 401, an expired token): keep the drafts, then sign in again. */
  expired(returnTo?: View): Promise<void>;
  signOut(): Promise<void>;
}

/**
 * Sign-in with oidc-client-ts: authorization code with PKCE (S256), tokens and the flow's state in
 * sessionStorage (gone with the tab; never localStorage), no silent renew in a hidden frame (the
 * CSP allows no frames; an expired session goes back through the provider, drafts kept).
 */
export const createAuth = (config: AppConfig): Auth => {
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });

  const cleanUrl = () => {
    const url = new URL(window.location.href);
    for (const name of ['code', 'state', 'session_state', 'iss', 'error', 'error_description'])
      url.searchParams.delete(name);
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  };

  const signIn = (returnTo?: View) =>
    manager.signinRedirect({ state: { view: returnTo } satisfies ReturnState });

  return {
    currentUser: async () => {
      const user = await manager.getUser();
      return user && !user.expired ? user : undefined;
    },
    storedUser: async () => (await manager.getUser()) ?? undefined,
    completeSignIn: async () => {
      const params = new URLSearchParams(window.location.search);
      // Set before leaving for the provider's sign-out: whether it hands a state back or not.
      const signingOut = sessionStorage.getItem(SIGNING_OUT) !== null;
      sessionStorage.removeItem(SIGNING_OUT);
      if (params.has('error')) {
        cleanUrl();
        return { failed: true };
      }
      if (params.has('code') && params.has('state')) {
        try {
          const user = await manager.signinCallback();
          const state = (user?.state ?? {}) as ReturnState;
          return { ...(user ? { user } : {}), ...(state.view ? { returnTo: state.view } : {}) };
        } catch {
          return { failed: true };
        } finally {
          cleanUrl();
        }
      }
      if (signingOut || params.has('state')) {
        // Back from the provider's sign-out.
        if (params.has('state')) await manager.signoutCallback().catch(() => undefined);
        cleanUrl();
        return { signedOut: true };
      }
      return {};
    },
    signIn,
    expired: async (returnTo) => {
      saveDrafts();
      await manager.removeUser();
      await signIn(returnTo);
    },
    signOut: async () => {
      const user = await manager.getUser();
      sessionStorage.setItem(SIGNING_OUT, '1');
      if (config.logoutEndpoint) {
        await manager.removeUser();
        const url = new URL(config.logoutEndpoint);
        url.searchParams.set('client_id', config.clientId);
        url.searchParams.set('logout_uri', config.redirectUri);
        window.location.assign(url.toString());
        return;
      }
      await manager.signoutRedirect({ ...(user?.id_token ? { id_token_hint: user.id_token } : {}) });
      await manager.removeUser();
    },
  };
};
