import { ErrorCode, RuleViolationError } from '../errors';
import { principalOn } from '../members/principal';
import type { Clock, FeeScheduleBook, MemberRegistry, YearBook } from '../ports';
import { stockholmDate } from '../shared/stockholm-time';

export interface CloseYearPorts {
  years: YearBook;
  feeSchedules: FeeScheduleBook;
  registry: Pick<MemberRegistry, 'principals'>;
  clock: Clock;
}

/**
 * Closes a year; the invoicing of the next year's fees follows from `YearClosed`.
 * 1. The year must have ended (Stockholm time): 422 YEAR_NOT_ENDED.
 * 2. The next year's fee schedule must exist, or there is nothing to invoice: 422 FEE_SCHEDULE_MISSING.
 * 3. The year is marked closed with `YearClosed`, once: 409 YEAR_ALREADY_CLOSED after that.
 */
export const closeYear = async (
  ports: CloseYearPorts,
  year: number,
): Promise<{ year: number; closedAt: string }> => {
  const now = ports.clock.now();
  if (stockholmDate(now) < `${year + 1}-01-01`) {
    throw new RuleViolationError(ErrorCode.YEAR_NOT_ENDED, `${year} has not ended yet`);
  }
  if (!(await ports.feeSchedules.schedule(year + 1))) {
    throw new RuleViolationError(
      ErrorCode.FEE_SCHEDULE_MISSING,
      `Set or index the fee schedule of ${year + 1} before closing ${year}: closing invoices the ${year + 1} fees`,
    );
  }
  // The invoices are issued in the name of the principal of the closing day: it must exist.
  if (!principalOn(await ports.registry.principals(), stockholmDate(now))) {
    throw new RuleViolationError(
      ErrorCode.NO_PRINCIPAL,
      `No principal runs the network on ${stockholmDate(now)}: add one first`,
    );
  }
  const closedAt = now.toISOString();
  await ports.years.close(year, closedAt, { detailType: 'YearClosed', detail: { year, closedAt } });
  return { year, closedAt };
};
