import { TIMER_RESTORE_LOOKBACK_DAYS } from '../../domain/meetings/restore-meeting-timers';
import type { Command } from './command';

/**
 * POST /api/admin/timers/restore: after a hand-over to another AWS account, sets the timers of
 * the meetings again (they live in EventBridge Scheduler, not in the table, so the export does
 * not carry them). Harmless to run twice: each timer is set to the same time again.
 */
export const restoreTimers: Command = {
  name: 'restore-timers',
  usage: '',
  summary: 'After a hand-over: set the meetings’ reminders, ends and evaluation reminders again',
  options: [
    `For every scheduled meeting that lies ahead or ended at most ${TIMER_RESTORE_LOOKBACK_DAYS} days ago, the timers that still`,
    'lie ahead are set again from the stored state (asynchronously, one meeting per event).',
    'Run it once after `import` on the new account; running it again changes nothing.',
  ],
  flags: [],
  targeted: true,
  arity: [0, 0],
  run: async ({ api, print }) => {
    const { body } = await (await api()).call<{ meetings: number }>('POST', '/api/admin/timers/restore');
    print(
      body,
      () =>
        `Timers of ${body.meetings} meeting${body.meetings === 1 ? '' : 's'} are being set again ` +
        '(reminders, meeting ends, evaluation reminders that still lie ahead); this happens asynchronously, within moments.\n',
    );
    return 0;
  },
};
