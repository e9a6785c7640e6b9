import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { EventScheduler } from '../../domain/ports';
import { EventBridgeScheduler } from '../adapters/eventbridge-scheduler';
import type { Config } from './config';
import { perContainer } from './per-container';

/**
 * Timers through EventBridge Scheduler, for the functions the CDK app gives the scheduler settings
 * (those whose definition says `usesScheduler`); any other function that tried would fail loudly.
 */
export const eventSchedulerFrom = (cfg: Config): EventScheduler => {
  const { SCHEDULE_GROUP: group, SCHEDULE_TARGET_ARN: targetArn, SCHEDULER_ROLE_ARN: roleArn } = cfg;
  if (!group || !targetArn || !roleArn) {
    const missing = async (): Promise<never> => {
      throw new Error(
        'This function has no timer settings (SCHEDULE_GROUP, SCHEDULE_TARGET_ARN, SCHEDULER_ROLE_ARN)',
      );
    };
    return { schedule: missing, cancel: missing };
  }
  const client = new SchedulerClient({
    region: cfg.AWS_REGION,
    ...(cfg.SCHEDULER_ENDPOINT ? { endpoint: cfg.SCHEDULER_ENDPOINT } : {}),
  });
  return new EventBridgeScheduler(client, {
    group,
    targetArn,
    roleArn,
    ...(cfg.SCHEDULE_DLQ_ARN ? { deadLetterArn: cfg.SCHEDULE_DLQ_ARN } : {}),
  });
};

/** The container's timers. */
export const eventScheduler = /* @__PURE__ */ perContainer(({ cfg }) => eventSchedulerFrom(cfg));
