import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../domain/ports';
import { type Config, config } from './config';

export const systemClock: Clock = { now: () => new Date() };
/** UUID v4: 122 random bits from the platform CSPRNG. */
export const randomIds: IdGenerator = { newId: () => randomUUID() };

/** What every piece of wiring is built from: the validated environment, the clock and the ids. */
export interface Container {
  cfg: Config;
  clock: Clock;
  ids: IdGenerator;
}

let generation = 0;
let clockSource: Clock = systemClock;

/**
 * A value built once per container, on first use (not at import: the local cloud sets the
 * environment first, and a function pays only for what it calls). The wiring modules beside this
 * one (dynamodb-wiring.ts, ses-wiring.ts, scheduler-wiring.ts, link-token-key.ts) and each
 * handler's own port factory are made of these, so that a handler's bundle holds only the
 * adapters and SDK clients it names. Annotated pure where called at the top of a module, so that
 * esbuild drops the ones a bundle does not use.
 */
export const perContainer = <T>(build: (container: Container) => T): (() => T) => {
  let built: { generation: number; value: T } | undefined;
  return () => {
    if (built?.generation !== generation)
      built = { generation, value: build({ cfg: config(), clock: clockSource, ids: randomIds }) };
    return built.value;
  };
};

/**
 * For the local cloud and tests that point the same process at a new environment (call
 * `resetConfig()` first), optionally with a simulated clock (the local cloud's, which its
 * scheduler shares): everything built by {@link perContainer} is built again on next use. In AWS
 * nothing calls this: functions read the system clock.
 */
export const resetContainer = (clock: Clock = systemClock): void => {
  clockSource = clock;
  generation += 1;
};
