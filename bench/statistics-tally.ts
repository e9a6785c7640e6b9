/**
 * An in-memory StatisticsBook for the year-report benchmark: the domain's `countEvent` counts into
 * it exactly as into DynamoDB (the same once-keys, the same counter names), so that many events
 * can be summed here and their sums added to the real table in a few writes. ADD is commutative:
 * the counters come out the same as if every event had been written one by one.
 */
import type { Counters, MeetingFacts, StatisticsBook } from '../domain/ports';

const addInto = (into: Map<string, Counters>, target: string, counters: Counters): void => {
  const sums = into.get(target) ?? {};
  for (const [name, amount] of Object.entries(counters)) sums[name] = (sums[name] ?? 0) + amount;
  into.set(target, sums);
};

export class StatisticsTally implements StatisticsBook {
  /** Every once-key seen, for good: a person counted once stays counted across drains. */
  private readonly seen = new Set<string>();
  private meetings = new Map<string, Counters>();
  private years = new Map<string, Counters>();

  async saveMeeting(_facts: MeetingFacts): Promise<void> {
    // The meetings' facts are the calendar's, stored by the consumers when they were scheduled.
  }

  async addOnce(key: string, meetingId: string, counters: Counters): Promise<boolean> {
    const once = `meeting#${meetingId}#${key}`;
    if (this.seen.has(once)) return false;
    this.seen.add(once);
    addInto(this.meetings, meetingId, counters);
    return true;
  }

  async addOnceToYear(key: string, year: number, counters: Counters): Promise<boolean> {
    const once = `year#${year}#${key}`;
    if (this.seen.has(once)) return false;
    this.seen.add(once);
    addInto(this.years, String(year), counters);
    return true;
  }

  /** The sums since the last drain (per meeting id and per year), forgotten here; the keys stay. */
  drain(): { meetings: Map<string, Counters>; years: Map<number, Counters> } {
    const drained = {
      meetings: this.meetings,
      years: new Map([...this.years].map(([year, counters]) => [Number(year), counters])),
    };
    this.meetings = new Map();
    this.years = new Map();
    return drained;
  }

  /** The sums so far without forgetting them (for comparing with the table). */
  peek(): { meetings: ReadonlyMap<string, Counters>; years: ReadonlyMap<string, Counters> } {
    return { meetings: this.meetings, years: this.years };
  }

  yearFigures(): never {
    throw new Error('StatisticsTally only counts');
  }

  clear(): never {
    throw new Error('StatisticsTally only counts');
  }
}
