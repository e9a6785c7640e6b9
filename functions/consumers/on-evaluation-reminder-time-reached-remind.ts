import { type EvaluationPorts, remindEvaluations } from '../../domain/evaluations/evaluate-meeting';
import type { Mailer, NoticeLog } from '../../domain/ports';
import { EvaluationReminderTimeReached } from '../../events/evaluation-reminder-time-reached';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (
  ports: () => EvaluationPorts & { mailer: Mailer; siteUrl: string; notices: NoticeLog; receipts: Receipts },
) =>
  consumerFunction(
    'send-evaluation-reminders',
    EvaluationReminderTimeReached,
    () => ports().receipts,
    (event) => remindEvaluations(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
