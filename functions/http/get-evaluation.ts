import { type EvaluationPorts, showEvaluation } from '../../domain/evaluations/evaluate-meeting';
import { ok, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { LinkToken } from './schemas';

export const createHandler = (ports: () => EvaluationPorts) =>
  httpFunction(async (event) =>
    ok(await showEvaluation(ports(), pathParameterAs(event, 'token', LinkToken))),
  );

export const handler = createHandler(awsPorts);
