import { afterEach, describe, expect, it } from '@jest/globals';
import type { User } from 'oidc-client-ts';
import { createApiClient, SessionExpiredError } from '../../../web/admin/src/api-client';
import { meetingsByDay } from '../../../web/admin/src/meeting';

/** The admin app's API client: the bearer token on every call, and a session over on a 401 or an expired token. */
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

const user = (expired: boolean) => ({ access_token: 'token-1', expired }) as unknown as User;
const answering = (status: number, body: unknown, calls: Array<{ url: string; init?: RequestInit }>) => {
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, ...(init ? { init } : {}) });
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
};

describe('createApiClient', () => {
  it('sends the access token as a bearer token', async () => {
    // Arrange
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    answering(200, { meetings: [] }, calls);
    const api = createApiClient({ user: async () => user(false), onExpired: () => {} });
    // Act
    const body = await api.get('/api/meetings');
    // Assert
    expect(body).toEqual({ meetings: [] });
    expect((calls[0]?.init?.headers as Record<string, string> | undefined)?.authorization).toBe(
      'Bearer token-1',
    );
  });

  it('takes a 401 as the session over: onExpired, and a SessionExpiredError', async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    answering(401, { error: 'UNAUTHORIZED' }, calls);
    let expired = 0;
    const api = createApiClient({ user: async () => user(false), onExpired: () => expired++ });
    await expect(api.get('/api/admin/municipalities')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(expired).toBe(1);
  });

  it('sends no token past its expiry: the session is over before the call', async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    answering(200, {}, calls);
    let expired = 0;
    const api = createApiClient({ user: async () => user(true), onExpired: () => expired++ });
    await expect(api.get('/api/meetings')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(expired).toBe(1);
    expect(calls).toEqual([]);
  });

  it('passes a 403 on as an ApiError with its code, the session intact', async () => {
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    answering(403, { error: 'FORBIDDEN' }, calls);
    let expired = 0;
    const api = createApiClient({ user: async () => user(false), onExpired: () => expired++ });
    await expect(api.get('/api/admin/invoices')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(expired).toBe(0);
  });
});

describe('meetingsByDay', () => {
  it('lists every day a meeting is held on, soonest first, a two-day meeting on both', () => {
    const meeting = (id: string, days: string[]) =>
      ({ id, days }) as unknown as Parameters<typeof meetingsByDay>[0][number];
    const days = meetingsByDay([meeting('b', ['2027-01-12', '2027-01-13']), meeting('a', ['2027-01-12'])]);
    expect(days.map((day) => [day.day, day.meetings.map((m) => m.id)])).toEqual([
      ['2027-01-12', ['b', 'a']],
      ['2027-01-13', ['b']],
    ]);
  });
});
