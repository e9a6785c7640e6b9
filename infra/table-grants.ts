import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GSI1 } from '../functions/adapters/table-design';

/** What a function may do with the table. */
export type TableAccess = 'none' | 'read' | 'readWrite';

/** Every index of the single table (functions/adapters/table-design.ts). */
const INDEX_NAMES = [GSI1.indexName] as const;

/** Item reads, keyed or by query; no Scan (ARCHITECTURE.md: no Scan on any request path). */
export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;

/** Item writes; TransactWriteItems is authorised per item by these. */
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * Grants a function what its table access needs, on the table and its named indexes only.
 *
 * Instead of table.grantReadData/grantReadWriteData: those add Scan and reach the indexes as
 * `<table ARN>/index/*` (AwsSolutions-IAM5), whose finding id embeds the generated name of the
 * cross-stack output and so cannot be acknowledged stably.
 */
export const grantTableAccess = (
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  access: TableAccess,
): void => {
  if (access === 'none') return;
  const indexArns = INDEX_NAMES.map((name) => `${table.tableArn}/index/${name}`);
  iam.Grant.addToPrincipal({
    grantee,
    actions: [...READ_ACTIONS],
    resourceArns: [table.tableArn, ...indexArns],
  });
  if (access === 'readWrite') {
    iam.Grant.addToPrincipal({ grantee, actions: [...WRITE_ACTIONS], resourceArns: [table.tableArn] });
  }
};
