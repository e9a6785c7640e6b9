import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The plugin name of cdk-nag's AwsSolutionsChecks, which CDK uses as the namespace of its rule ids. */
const NAG_NAMESPACE = 'AwsSolutions';

/**
 * Acknowledges one AwsSolutions finding on scope and everything below it, e.g.
 * `acknowledgeNag(queue, 'SQS3', '…')` or `acknowledgeNag(policy, 'IAM5[Resource::*]', '…')`.
 *
 * The id carries the plugin namespace (`AwsSolutions::AwsSolutions-SQS3`) so that CDK, not cdk-nag,
 * suppresses the finding: it then still appears in cdk.out/validation-report.json as acknowledged,
 * with the reason, which keeps an audit trail of every exception.
 */
export const acknowledgeNag = (scope: IConstruct, finding: string, reason: string): void => {
  Validations.of(scope).acknowledge({ id: `${NAG_NAMESPACE}::${NAG_NAMESPACE}-${finding}`, reason });
};
