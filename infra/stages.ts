import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/** The stages the app deploys (`cdk deploy -c stage=prod`); dev is the default of cdk.json. */
export const STAGE_NAMES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** What differs between stages, in one place; every stack reads it through {@link stageSettings}. */
export interface StageSettings {
  readonly name: StageName;
  /**
   * For what cannot be rebuilt from the repository: the table, the KMS keys, the user pool, the
   * schedule group of the timers, log groups. RETAIN in prod: deleting a stack (or a mistaken
   * replacement) must never take the network's records with it. DESTROY in dev, whose data is
   * test data, so that `cdk destroy` leaves nothing behind to pay for.
   */
  readonly dataRemovalPolicy: RemovalPolicy;
  /** The table's and the user pool's deletion protection, and the stateful stack's termination protection. */
  readonly deletionProtection: boolean;
  /**
   * Point-in-time recovery of the table. On in dev as well: the restore runbook
   * (docs/operations.md) is rehearsed there, and at dev's size it costs less than a cent a month.
   */
  readonly pointInTimeRecovery: boolean;
  /**
   * How long every log group keeps its lines. Prod: 13 months, so that the logs of the last
   * year-end close (January) are still there when the next one runs and when questions about
   * last year's invoices come in; a year would lose them a few weeks too early. Dev: a month,
   * enough to debug a deployment. Logs hold ids and codes, no personal data (docs/privacy.md).
   */
  readonly logRetention: logs.RetentionDays;
  /**
   * How long access logs (the API's and CloudFront's) keep their lines. They hold visitors' IP
   * addresses, which are personal data, and serve only to investigate abuse or an incident, which
   * is noticed within weeks: 3 months in prod, not the 13 months of the id-only function logs.
   * Dev: a month, as its other logs.
   */
  readonly accessLogRetention: logs.RetentionDays;
  /**
   * The prefix of the user pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`):
   * unique per region across all AWS accounts, so one per stage.
   */
  readonly signInDomainPrefix: string;
}

export const STAGES: Readonly<Record<StageName, StageSettings>> = {
  dev: {
    name: 'dev',
    dataRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    pointInTimeRecovery: true,
    logRetention: logs.RetentionDays.ONE_MONTH,
    accessLogRetention: logs.RetentionDays.ONE_MONTH,
    signInDomainPrefix: 'municipal-network-dev',
  },
  prod: {
    name: 'prod',
    dataRemovalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    pointInTimeRecovery: true,
    logRetention: logs.RetentionDays.THIRTEEN_MONTHS,
    accessLogRetention: logs.RetentionDays.THREE_MONTHS,
    signInDomainPrefix: 'municipal-network',
  },
};

export const isStageName = (name: string): name is StageName =>
  (STAGE_NAMES as readonly string[]).includes(name);

/** The settings of a stage; throws on a name that is not one of {@link STAGE_NAMES}. */
export const stageSettings = (name: string): StageSettings => {
  if (!isStageName(name)) {
    throw new Error(`Unknown stage "${name}": one of ${STAGE_NAMES.join(', ')}`);
  }
  return STAGES[name];
};
