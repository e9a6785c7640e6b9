import { DynamoDbSuppressionList } from '../adapters/dynamodb-suppression-list';
import { dynamoDbClient } from './dynamodb-wiring';
import { linkTokenKey } from './link-token-key';
import { perContainer } from './per-container';

/**
 * The container's suppression list (bounced and complaining addresses, functions/ses-feedback/):
 * both mailers ask it before every send; the SES feedback and the privacy export use it alone.
 */
export const suppressionList = /* @__PURE__ */ perContainer(
  ({ cfg }) => new DynamoDbSuppressionList(dynamoDbClient(), cfg.TABLE_NAME, linkTokenKey()),
);
