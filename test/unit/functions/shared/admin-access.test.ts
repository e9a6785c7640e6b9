import { describe, expect, it } from '@jest/globals';
import { routeKeysWithWiderRoles } from '../../../../functions/http/route-roles';
import { rolesOf, routes } from '../../../../functions/http/routes';
import { groupsOf } from '../../../../functions/shared/admin-access';
import { ADMIN_ROLES } from '../../../../functions/shared/admin-roles';
import { ok } from '../../../../functions/shared/http';
import { httpFunction } from '../../../../functions/shared/http-handler';
import { because } from '../../../fixtures/because';
import { apiEvent, bodyOf, errorOf, lambdaContext } from '../http-test-kit';

/** A handler that only says it was reached: what is tested here is the gate in front of it. */
const reached = httpFunction(async () => ok({ reached: true }));

const ATTENDANCE = '/api/admin/meetings/{meetingId}/attendance';
const MUNICIPALITIES = '/api/admin/municipalities';

describe('roles of the admin routes (functions/shared/admin-access.ts)', () => {
  it('reads the groups as API Gateway hands them over: "[a b]", as well as an array or nothing', () => {
    const withClaims = (claims: Record<string, unknown>) => ({
      ...apiEvent(),
      requestContext: { ...apiEvent().requestContext, authorizer: { jwt: { claims, scopes: [] } } },
    });
    expect(groupsOf(withClaims({ 'cognito:groups': '[secretariat check-in]' }))).toEqual([
      'secretariat',
      'check-in',
    ]);
    expect(groupsOf(withClaims({ 'cognito:groups': '[check-in]' }))).toEqual(['check-in']);
    expect(groupsOf(withClaims({ 'cognito:groups': ['secretariat'] }))).toEqual(['secretariat']);
    expect(groupsOf(withClaims({ sub: 'x' }))).toEqual([]);
    expect(groupsOf(apiEvent())).toEqual([]);
  });

  it('lets the secretariat call a secretariat route and answers a check-in caller 403 FORBIDDEN with the error shape', async () => {
    // Act
    const secretariat = await reached(
      apiEvent({ method: 'GET', route: MUNICIPALITIES, groups: ['secretariat'] }),
      lambdaContext,
    );
    const checkIn = await reached(
      apiEvent({ method: 'GET', route: MUNICIPALITIES, groups: ['check-in'] }),
      lambdaContext,
    );
    // Assert
    expect(secretariat.statusCode).toBe(200);
    expect(checkIn.statusCode).toBe(403);
    expect(errorOf(checkIn)).toEqual({ error: 'FORBIDDEN', message: expect.stringContaining('secretariat') });
  });

  it('lets check-in and the secretariat log attendance', async () => {
    for (const groups of [['check-in'], ['secretariat'], ['check-in', 'secretariat']]) {
      const answer = await reached(
        apiEvent({ route: ATTENDANCE, pathParameters: { meetingId: 'm-1' }, groups }),
        lambdaContext,
      );
      because(groups.join(' '), () => expect(answer.statusCode).toBe(200));
      expect(bodyOf(answer)).toEqual({ reached: true });
    }
  });

  it('refuses an admin route to a token without groups, with other groups, and a path under /api/admin/ the table does not know', async () => {
    for (const groups of [[], ['admins'], ['Secretariat']]) {
      const answer = await reached(apiEvent({ route: ATTENDANCE, groups }), lambdaContext);
      because(JSON.stringify(groups), () => expect(answer.statusCode).toBe(403));
    }
    const unknown = await reached(
      apiEvent({ route: '/api/admin/not-in-the-table', groups: [] }),
      lambdaContext,
    );
    expect(errorOf(unknown).error).toBe('FORBIDDEN');
  });

  it('leaves public routes alone: no token, no roles', async () => {
    const answer = await reached(
      apiEvent({ route: '/api/meetings/{meetingId}/registrations' }),
      lambdaContext,
    );
    expect(answer.statusCode).toBe(200);
  });

  it('gives every admin route known roles (the secretariat always among them) and documents 403 on it', () => {
    const admin = routes.filter((route) => route.access === 'admin');
    expect(admin.length).toBeGreaterThan(10);
    for (const route of admin) {
      because(route.name, () => expect(rolesOf(route)).toContain('secretariat'));
      for (const role of rolesOf(route)) because(route.name, () => expect(ADMIN_ROLES).toContain(role));
      because(route.name, () => expect(route.errors[403]).toEqual(['FORBIDDEN']));
    }
    expect(routes.filter((route) => rolesOf(route).includes('check-in')).map((route) => route.name)).toEqual([
      'post-admin-meeting-attendance',
    ]);
    for (const route of routes.filter((candidate) => candidate.access === 'public'))
      because(route.name, () => expect(route.errors[403]).toBeUndefined());
  });
});

describe('the roles table (functions/http/route-roles.ts)', () => {
  it('names only admin routes of the route table', () => {
    const adminKeys = new Set(
      routes.filter((route) => route.access === 'admin').map((route) => `${route.method} ${route.path}`),
    );
    for (const key of routeKeysWithWiderRoles()) because(key, () => expect(adminKeys.has(key)).toBe(true));
  });
});
