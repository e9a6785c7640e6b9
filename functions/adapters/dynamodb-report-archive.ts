import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, IdGenerator, ReportArchive } from '../../domain/ports';
import type { SurveyFigures, YearReport } from '../../domain/statistics/year-report';
import type { PendingEvent } from '../../events/catalogue';
import { outboxPut } from './dynamodb-outbox';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { keys } from './table-design';

/**
 * Surveys (`SURVEYS` / `YEAR#<year>`: one partition, a handful of years) and frozen reports
 * (`REPORT#<year>`, the report as JSON, written once with its event).
 */
export class DynamoDbReportArchive implements ReportArchive {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async saveSurvey(survey: SurveyFigures, event: PendingEvent): Promise<void> {
    await transactWrite(this.db, {
      TransactItems: [
        { Put: { TableName: this.table, Item: { ...keys.survey(survey.year), type: 'survey', ...survey } } },
        outboxPut(this.table, event, { id: this.ids.newId(), now: this.clock.now() }).item,
      ],
    });
  }

  async surveys(): Promise<SurveyFigures[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.survey(0).PK },
      }),
    );
    return (Items ?? []).map((item) => ({
      year: Number(item.year),
      respondents: Number(item.respondents),
      ...(item.recipientsByList ? { recipientsByList: item.recipientsByList as Record<string, number> } : {}),
      ...(item.respondentsByMunicipality
        ? { respondentsByMunicipality: item.respondentsByMunicipality as Record<string, number> }
        : {}),
    }));
  }

  async freeze(report: YearReport): Promise<boolean> {
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              // As JSON: the snapshot is read back exactly as it was written.
              Item: {
                ...keys.frozenReport(report.year),
                type: 'frozen-report',
                report: JSON.stringify(report),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          outboxPut(
            this.table,
            {
              detailType: 'YearReportFrozen',
              detail: { year: report.year, frozenAt: report.frozenAt as string },
            },
            { id: this.ids.newId(), now: this.clock.now() },
          ).item,
        ],
      });
      return true;
    } catch (error) {
      if (
        cancellationCode(error, 0) === 'ConditionalCheckFailed' ||
        error instanceof ConditionalCheckFailedException
      )
        return false;
      throw error;
    }
  }

  async frozen(year: number): Promise<YearReport | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.frozenReport(year), ConsistentRead: true }),
    );
    return Item ? (JSON.parse(String(Item.report)) as YearReport) : undefined;
  }
}
