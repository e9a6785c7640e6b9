import { setFeeSchedule } from '../../domain/fees/set-fee-schedule';
import type { FeeScheduleBook } from '../../domain/ports';
import { ok, parseBody, pathParameterAs } from '../shared/http';
import { httpFunction } from '../shared/http-handler';
import { awsPorts } from '../shared/ports';
import { FeeScheduleRequest, yearParameter } from './admin-schemas';

export const createHandler = (ports: () => { feeSchedules: FeeScheduleBook }) =>
  httpFunction(async (event) => {
    const year = pathParameterAs(event, 'year', yearParameter);
    return ok(await setFeeSchedule(ports().feeSchedules, year, parseBody(FeeScheduleRequest, event)));
  });

export const handler = createHandler(awsPorts);
