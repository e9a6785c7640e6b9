import { type EvaluationPorts, submitEvaluation } from '../../domain/evaluations/evaluate-meeting';
import { created, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { EvaluationRequest, LinkToken } from './schemas';

export const createHandler = (ports: () => EvaluationPorts) =>
  httpFunction(async (event) => {
    const token = pathParameterAs(event, 'token', LinkToken);
    const answer = parseBody(EvaluationRequest, event);
    return created(await submitEvaluation(ports(), token, answer));
  });

export const handler = createHandler(awsPorts);
