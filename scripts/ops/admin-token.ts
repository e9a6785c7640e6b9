import type { Command } from './command';
import { ApiRefusal, OpsFailure, UsageError } from './ops-errors';

/**
 * The local cloud signs its admin tokens with a key made at start-up and writes one to
 * `<state folder>/admin-token`; this prints it after asking the running API whether it accepts
 * it (a token from an earlier run is refused). A deployed stage's tokens come from Cognito.
 */
export const adminToken: Command = {
  name: 'admin-token',
  usage: '',
  summary: 'Print an admin bearer token the running local cloud accepts (local only)',
  options: [],
  flags: [],
  targeted: true,
  arity: [0, 0],
  run: async ({ target, api, print }) => {
    const where = await target();
    if (where.kind !== 'local')
      throw new UsageError(
        'admin-token is for the local cloud. A stage’s token is a Cognito access token of an admin user: pass it as --token or OPS_TOKEN.',
      );
    const token = await where.token();
    try {
      await (await api()).call('GET', '/api/admin/principals');
    } catch (error) {
      if (error instanceof ApiRefusal && error.status === 401)
        throw new OpsFailure(
          `The token in ${where.stateDir}/admin-token is not accepted by ${where.apiUrl}: is it from an earlier run? Restart npm start.`,
          'TOKEN_REFUSED',
        );
      throw error;
    }
    print({ token, apiUrl: where.apiUrl }, () => `${token}\n`);
    return 0;
  },
};
