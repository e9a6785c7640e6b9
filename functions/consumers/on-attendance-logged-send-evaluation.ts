import { type EvaluationPorts, sendEvaluationInvitation } from '../../domain/evaluations/evaluate-meeting';
import type { Mailer } from '../../domain/ports';
import { AttendanceLogged } from '../../events/attendance-logged';
import { consumerFunction, type Receipts } from '../shared/consumer-handler';
import { awsPorts } from '../shared/ports';

export const createHandler = (
  ports: () => EvaluationPorts & { mailer: Mailer; siteUrl: string; receipts: Receipts },
) =>
  consumerFunction(
    'send-evaluation-invitation',
    AttendanceLogged,
    () => ports().receipts,
    (event) => sendEvaluationInvitation(ports(), event.detail),
  );

export const handler = createHandler(awsPorts);
