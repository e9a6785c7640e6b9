import * as z from 'zod';

/**
 * Environment of every function, validated once. Locally the same variables point the same
 * code at DynamoDB Local and the local SES: endpoints are the only difference.
 */
const Config = z.object({
  TABLE_NAME: z.string().min(1),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  /** Set only locally (e.g. http://127.0.0.1:8000); absent in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-north-1'),
  /** Public address of the web pages; links in e-mail point here. */
  SITE_URL: z.url().default('http://localhost:3000'),
  /** Key of the e-mail link tokens, locally (≥ 32 bytes, base64url). */
  LINK_TOKEN_SECRET: z.string().min(43).optional(),
  /** In AWS the key lives in Secrets Manager; read once per container. */
  LINK_TOKEN_SECRET_ARN: z.string().optional(),
  /** Set only locally: the local scheduler. */
  SCHEDULER_ENDPOINT: z.url().optional(),
  /** Timers (EventBridge Scheduler): the group, the bus they publish to, the role they use. */
  SCHEDULE_GROUP: z.string().optional(),
  SCHEDULE_TARGET_ARN: z.string().optional(),
  SCHEDULER_ROLE_ARN: z.string().optional(),
  /** Where a timer's event goes when the bus refuses it past all retries. */
  SCHEDULE_DLQ_ARN: z.string().optional(),
});
export type Config = z.infer<typeof Config>;

let cached: Config | undefined;

/** Read lazily so that the local cloud can set the environment before the first call. */
export const config = (): Config => {
  cached ??= Config.parse(process.env);
  return cached;
};

/** For the local cloud and tests that point the same process at a new environment. */
export const resetConfig = (): void => {
  cached = undefined;
};
