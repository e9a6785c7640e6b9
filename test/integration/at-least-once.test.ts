import { afterAll, describe, expect, it } from '@jest/globals';
import type { LocalCloud, LocalCloudOptions } from '../../local/local-cloud';
import { comparableClouds, outcome, runFullScenario } from '../fixtures/full-scenario';
import { startTestCloud } from '../fixtures/local-cloud';

/**
 * At-least-once delivery: the same scenario on two clouds, once with each event delivered once,
 * once with every event delivered twice, held back and released in a shuffled (seeded) order.
 * What is left in the table and what was mailed must be the same: a duplicate that did anything
 * (a second mail, a counter counted twice, a second invoice) shows up as a difference.
 */
const SEED = 20_261_127;
const clouds = comparableClouds();
afterAll(() => clouds.cleanup());

const run = async (
  options: Partial<LocalCloudOptions>,
): Promise<{ items: string[]; mail: string[]; cloud: LocalCloud }> => {
  const cloud = await startTestCloud({ ...clouds.options(), ...options });
  try {
    await runFullScenario(cloud);
    return { ...(await outcome(cloud)), cloud };
  } finally {
    await cloud.stop();
  }
};

const attempts = (cloud: LocalCloud) => [...cloud.bus.attempted.values()].reduce((a, b) => a + b, 0);

describe('at-least-once delivery of a whole scenario', () => {
  it('leaves the same table and sends the same mail when every event comes twice, shuffled', async () => {
    // Arrange + Act: a clean run, then one with duplicated and shuffled delivery
    const clean = await run({});
    const chaotic = await run({ deliveryChaos: { seed: SEED, copies: 2 } });

    // Assert: the runs did something, the duplicates happened, and nothing differs
    expect(clean.mail.length).toBeGreaterThan(40); // 5 registrations … 30+ invoices
    expect(clean.cloud.bus.deadLetters).toEqual([]);
    expect(chaotic.cloud.bus.deadLetters).toEqual([]);
    expect(attempts(chaotic.cloud)).toBeGreaterThanOrEqual(2 * attempts(clean.cloud));
    expect(chaotic.mail).toEqual(clean.mail);
    expect(chaotic.items).toEqual(clean.items);
    console.info(
      `at-least-once: ${clean.items.length} items, ${clean.mail.length} mails; deliveries clean ${attempts(clean.cloud)}, duplicated and shuffled ${attempts(chaotic.cloud)}`,
    );
  }, 300_000);
});
