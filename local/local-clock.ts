import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../domain/ports';

/**
 * The local cloud's clock: real time plus an offset that only grows, so a demo or a test can jump
 * to the day a reminder is due. The handlers (through their ports) and the local scheduler read
 * it; in AWS nothing does. With `frozenAt` it stands still until advanced (deterministic tests).
 * With `offsetFile` the offset survives a restart of `npm start`, so time never runs backwards
 * for data already stored.
 */
export class LocalClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly options: { frozenAt?: Date; offsetFile?: string } = {}) {
    if (options.offsetFile && existsSync(options.offsetFile)) {
      const stored = Number(readFileSync(options.offsetFile, 'utf8').trim());
      if (Number.isFinite(stored) && stored > 0) this.offsetMs = stored;
    }
  }

  now(): Date {
    const base = this.options.frozenAt?.getTime() ?? Date.now();
    return new Date(base + this.offsetMs);
  }

  /** How far ahead of real (or frozen) time the clock runs. */
  get offset(): number {
    return this.offsetMs;
  }

  /** Moves the clock forward; never backward. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
    this.offsetMs += ms;
    if (this.options.offsetFile) {
      mkdirSync(dirname(this.options.offsetFile), { recursive: true });
      writeFileSync(this.options.offsetFile, `${this.offsetMs}\n`);
    }
    return this.now();
  }
}

const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** "7d", "12h", "90m", "1d12h" → milliseconds; undefined for anything else. */
export const parseDuration = (text: string): number | undefined => {
  if (!/^(\d{1,5}[dhms])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g))
    total += Number(amount) * (UNITS[unit as string] ?? 0);
  return total;
};
