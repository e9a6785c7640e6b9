/**
 * Meeting times are wall-clock times in Europe/Stockholm. These helpers convert between a
 * Stockholm date + time and an instant without a time-zone library: Intl knows the zone's rules.
 */

const ZONE = 'Europe/Stockholm';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM:SS
}

/** The Stockholm wall clock at an instant. */
export const stockholmWallClock = (instant: Date): WallClock => {
  const parts = Object.fromEntries(partsFormatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
  };
};

/** Offset of Stockholm from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export const stockholmOffsetMinutes = (instant: Date): number => {
  const wall = stockholmWallClock(instant);
  const asUtc = Date.parse(`${wall.date}T${wall.time}Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
};

/**
 * The instant at which Stockholm clocks show `date` `time` (HH:MM). For the hour skipped in
 * spring the result falls one hour later; for the repeated autumn hour (02:00–02:59 on the last
 * Sunday of October) it is the second occurrence, in winter time.
 */
export const stockholmInstant = (date: string, time: string): Date => {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // Two passes settle the offset even when the naive guess lands on the other side of a DST switch.
  let guess = naive - stockholmOffsetMinutes(new Date(naive)) * 60_000;
  guess = naive - stockholmOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
};

/** ISO 8601 with the Stockholm offset, e.g. `2026-12-02T23:59:00+01:00`. */
export const formatStockholmIso = (instant: Date): string => {
  const wall = stockholmWallClock(instant);
  const offset = stockholmOffsetMinutes(instant);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall.date}T${wall.time}${sign}${hh}:${mm}`;
};

/** The Stockholm calendar date of an instant (YYYY-MM-DD). */
export const stockholmDate = (instant: Date): string => stockholmWallClock(instant).date;

/** Adds whole days to a calendar date (YYYY-MM-DD), independent of any zone. */
export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
