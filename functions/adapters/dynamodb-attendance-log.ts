import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Registration } from '../../domain/meetings/registration';
import type { AttendanceLog, Attendee, Clock, IdGenerator, StoredRegistration } from '../../domain/ports';
import { outboxPut } from './dynamodb-outbox';
import { queryAll } from './dynamodb-query';
import { emailHash } from './dynamodb-registration-book';
import { cancellationCode, transactWrite } from './dynamodb-transact';
import { withoutKeys } from './strip-keys';
import { keys } from './table-design';

/** Attendance under the meeting's partition: `ATTENDANCE#<day>#<registrationId>`, one per person and day. */
export class DynamoDbAttendanceLog implements AttendanceLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async registrationByEmail(meetingId: string, email: string): Promise<StoredRegistration | undefined> {
    const { Item: guard } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.registrationEmail(meetingId, emailHash(email)) }),
    );
    if (!guard) return undefined;
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.registration(meetingId, String(guard.registrationId)),
      }),
    );
    return Item ? withoutKeys<StoredRegistration>(Item) : undefined;
  }

  async log(meetingId: string, day: string, attendee: Attendee): Promise<boolean> {
    const { registrationId, walkIn } = attendee;
    try {
      await transactWrite(this.db, {
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.attendance(meetingId, day, registrationId),
                type: 'attendance',
                meetingId,
                day,
                registrationId,
                walkIn,
                loggedAt: this.clock.now().toISOString(),
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          outboxPut(
            this.table,
            {
              detailType: 'AttendanceLogged',
              detail: {
                meetingId,
                day,
                registrationId,
                walkIn,
                role: attendee.role,
                participantKey: attendee.participantKey,
                ...(attendee.municipalityCode ? { municipalityCode: attendee.municipalityCode } : {}),
              },
            },
            { id: this.ids.newId(), now: this.clock.now() },
          ).item,
        ],
      });
      return true;
    } catch (error) {
      if (cancellationCode(error, 0) === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async addWalkIn(registration: Registration): Promise<void> {
    // With its e-mail guard, so that the same walk-in logged again is matched, not added twice.
    await transactWrite(this.db, {
      TransactItems: [
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.registrationEmail(registration.meetingId, emailHash(registration.email)),
              type: 'registration-email',
              registrationId: registration.id,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: {
              ...keys.registration(registration.meetingId, registration.id),
              type: 'registration',
              ...registration,
              status: 'walk-in',
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    });
  }

  async attendees(meetingId: string) {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :attendance)',
      ExpressionAttributeValues: { ':pk': keys.meeting(meetingId).PK, ':attendance': 'ATTENDANCE#' },
    });
    return items.map((item) => ({
      registrationId: String(item.registrationId),
      day: String(item.day),
      walkIn: Boolean(item.walkIn),
    }));
  }
}
