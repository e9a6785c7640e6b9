import type { Command } from './command';
import { UsageError } from './ops-errors';

interface ErasureResult {
  erasureId: string;
  registrations: number;
  cancelledFirst: number;
  subscriptions: number;
}

/**
 * POST /api/admin/people/erase with the address in the body (never in a URL). The output names
 * the erasure by its id only: the address is not echoed into terminals and logs.
 */
export const erasePerson: Command = {
  name: 'erase-person',
  usage: '<email>',
  summary: 'Erase a person (GDPR art. 17): registrations and subscriptions; statistics stay',
  options: [],
  flags: [],
  targeted: true,
  arity: [1, 1],
  run: async ({ args, api, print }) => {
    const email = args[0] as string;
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsageError('<email> must be an e-mail address');
    const { body } = await (await api()).call<ErasureResult>('POST', '/api/admin/people/erase', {
      json: { email },
    });
    print(
      body,
      () =>
        `Erased (erasure ${body.erasureId}): ${body.registrations} registrations ` +
        `(${body.cancelledFirst} seats cancelled first), ${body.subscriptions} subscriptions.\n`,
    );
    return 0;
  },
};
