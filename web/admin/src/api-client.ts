import type { User } from 'oidc-client-ts';

/** The API answered 401: the session is over. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The session has expired');
    this.name = 'SessionExpiredError';
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`API answered ${status} ${code}`);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
}

/**
 * Calls the API of the same origin with the user's access token. A token past its expiry is not
 * sent: that is a session over, as a 401 is; `onExpired` then takes the user back to sign in.
 */
export const createApiClient = (options: {
  user: () => Promise<User | undefined>;
  onExpired: () => void;
}): ApiClient => ({
  get: async <T>(path: string): Promise<T> => {
    const user = await options.user();
    if (!user || user.expired) {
      options.onExpired();
      throw new SessionExpiredError();
    }
    const response = await fetch(path, {
      headers: { accept: 'application/json', authorization: `Bearer ${user.access_token}` },
      cache: 'no-store',
    });
    if (response.status === 401) {
      options.onExpired();
      throw new SessionExpiredError();
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new ApiError(response.status, body.error ?? 'UNKNOWN');
    }
    return (await response.json()) as T;
  },
});
