import { type ReportPorts, recordSurvey } from '../../domain/statistics/year-report-use-cases';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { SurveyRequest, yearParameter } from './admin-schemas';

export const createHandler = (ports: () => ReportPorts) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    return ok(await recordSurvey(ports(), year, parseBody(SurveyRequest, event)));
  });

export const handler = createHandler(awsPorts);
