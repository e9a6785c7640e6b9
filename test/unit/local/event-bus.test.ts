import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { EventBridgeEvent } from 'aws-lambda';
import { LocalEventBus, type LocalRule, readDeadLetters, storedEventId } from '../../../local/event-bus';
import { seededRandom } from '../../../local/seeded-random';

type BusEvent = EventBridgeEvent<string, unknown>;

const folder = mkdtempSync(join(tmpdir(), 'event-bus-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const event = (n: number): BusEvent => ({
  version: '0',
  id: `bus-${n}`,
  'detail-type': 'Thing',
  source: 'test',
  account: '0',
  time: '2026-01-01T00:00:00Z',
  region: 'eu-north-1',
  resources: [],
  detail: { id: `event-${n}`, type: 'Thing', version: 1, occurredAt: '2027-01-01T00:00:00.000Z' },
});

const recordingRule = (name: string, seen: string[], fail?: (id: string) => boolean): LocalRule => ({
  name,
  pattern: { source: ['test'] },
  target: async (busEvent) => {
    const id = storedEventId(busEvent as never) as string;
    if (fail?.(id)) throw new Error(`refused ${id}`);
    seen.push(id);
  },
});

describe('LocalEventBus delivery chaos', () => {
  it('delivers each event twice per rule, in an order the seed fixes, and idle waits for held deliveries', async () => {
    const orders: string[][] = [];
    for (const seed of [42, 42, 43]) {
      const seen: string[] = [];
      const bus = new LocalEventBus([recordingRule('r', seen)], { chaos: { seed, holdMs: 5 } });
      for (let n = 1; n <= 6; n++) bus.put(event(n));
      await bus.idle();
      orders.push(seen);
    }

    expect(orders[0]).toHaveLength(12);
    expect([...new Set(orders[0])].sort()).toEqual([
      'event-1',
      'event-2',
      'event-3',
      'event-4',
      'event-5',
      'event-6',
    ]);
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).not.toEqual(orders[0]);
    expect(orders[0]).not.toEqual([...(orders[0] as string[])].sort());
  });

  it('draws numbers in [0, 1) from a seed, the same for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, () => b())).toEqual(draws);
  });
});

describe('LocalEventBus dead letters', () => {
  it('dead-letters after the attempts, redrives to the failed rule only, and forgets only what was handled', async () => {
    // Arrange: rule "a" refuses event-1 until allowed; rule "b" takes everything
    const file = join(folder, 'dead-letters.jsonl');
    let refuse = true;
    const seenA: string[] = [];
    const seenB: string[] = [];
    const bus = new LocalEventBus(
      [recordingRule('a', seenA, (id) => refuse && id === 'event-1'), recordingRule('b', seenB)],
      { attempts: 2, backoffMs: 1, deadLetterFile: file },
    );
    bus.put(event(1));
    bus.put(event(2));
    await bus.idle();
    const letters = readDeadLetters(file);

    // Act 1: a redrive while it still fails keeps the letter
    const firstTry = await bus.redrive(letters);
    if (firstTry.handled.length > 0) bus.forget(firstTry.handled);
    // Act 2: the fault is gone
    refuse = false;
    const secondTry = await bus.redrive(readDeadLetters(file));
    bus.forget(secondTry.handled);

    // Assert
    expect(letters.map((l) => [l.rule, storedEventId(l.event), l.error])).toEqual([
      ['a', 'event-1', 'refused event-1'],
    ]);
    expect(firstTry).toMatchObject({ handled: [], failed: [{ rule: 'a' }] });
    expect(secondTry.handled).toHaveLength(1);
    expect(seenA).toEqual(['event-2', 'event-1']);
    expect(seenB.sort()).toEqual(['event-1', 'event-2']); // not redelivered to the rule that had succeeded
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(bus.deadLetters).toEqual([]);
  });
});

describe('LocalEventBus pause', () => {
  it('receives events while paused but runs no consumer, then delivers them in order on resume', async () => {
    // Arrange
    const seen: string[] = [];
    const bus = new LocalEventBus([recordingRule('r', seen)]);
    bus.pause();

    // Act
    for (let n = 1; n <= 3; n++) bus.put(event(n));
    await bus.idle();
    const whilePaused = [...seen];
    bus.resume();
    bus.put(event(4));
    await bus.idle();

    // Assert
    expect(whilePaused).toEqual([]);
    expect([...bus.received]).toEqual(['event-1', 'event-2', 'event-3', 'event-4']);
    expect(seen).toEqual(['event-1', 'event-2', 'event-3', 'event-4']);
  });
});

describe('LocalEventBus resume', () => {
  it('works off a paused backlog with a bounded number of deliveries at once, and idle waits for all', async () => {
    // Arrange: a consumer that counts how many of it run at the same time
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    const slow: LocalRule = {
      name: 'slow',
      pattern: { source: ['test'] },
      target: async (busEvent) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(storedEventId(busEvent as never) as string);
        running -= 1;
      },
    };
    const bus = new LocalEventBus([slow]);
    bus.pause();
    for (let n = 1; n <= 200; n++) bus.put(event(n));

    // Act
    bus.resume();
    await bus.idle();

    // Assert
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(32);
  });
});
