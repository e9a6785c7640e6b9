/**
 * Issue 8, item 1 — registration latency. A local cloud of its own (its own in-memory DynamoDB
 * Local, the local SES, stream pipe, bus and API Gateway, seeded with the demo members), one
 * meeting with room for everyone, then sequential registrations, interleaved with:
 * - the reference: one bare TransactWriteItems of the same four items (e-mail guard put, meeting
 *   seat update with its conditions, registration put, RegistrationReceived outbox put), built
 *   before the clock starts, on a copy of the meeting in a second table of the same design on the
 *   same DynamoDB Local (no stream pipe reads that table, so no consumer runs on its writes);
 * - a diagnostic: the use case `registerForMeeting` called in-process with the functions' own
 *   ports, which tells the HTTP and gateway share apart from the database round trips.
 * Interleaving (the order rotates each round) gives all three the same machine. The consumers the
 * registrations set off (confirmation mail, person index, statistics) are held on the local bus
 * until the rounds are done, then run and are waited for: in AWS they run in Lambdas of their own.
 * Each timing is one request, end to end, from this process.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { currentDays } from '../domain/meetings/meeting';
import { registerForMeeting } from '../domain/meetings/register-for-meeting';
import { prepareRegistration } from '../domain/meetings/registration';
import { addDays, stockholmDate } from '../domain/shared/stockholm-time';
import { outboxPut } from '../functions/adapters/dynamodb-outbox';
import { emailHash } from '../functions/adapters/dynamodb-registration-book';
import { keys } from '../functions/adapters/table-design';
import { awsPorts } from '../functions/shared/ports';
import {
  benchRegistration,
  createReferenceTable,
  elapsedMs,
  type LatencyFigures,
  latencyFigures,
  ratio,
  scheduleBenchMeeting,
  startBenchCloud,
} from './harness';

export type { LatencyFigures } from './harness';

export interface RegistrationLatencyResult {
  requests: number;
  warmUp: number;
  api: LatencyFigures & { statuses: Record<string, number> };
  useCase: LatencyFigures;
  bareTransaction: LatencyFigures;
  apiP50Ms: number;
  bareP50Ms: number;
  registrationP50Ratio: number;
  apiP99Ms: number;
  bareP99Ms: number;
  registrationP99Ratio: number;
  useCaseP50Ms: number;
  useCaseP50Ratio: number;
}

const figures = (samples: readonly number[]): LatencyFigures => latencyFigures(samples);

export const measureRegistrationLatency = async (options: {
  requests: number;
  warmUp: number;
  log: (line: string) => void;
}): Promise<RegistrationLatencyResult> => {
  const log = (line: string) => options.log(`registration: ${line}`);
  const bench = await startBenchCloud({ tableName: 'bench-registration', log });
  const { cloud, db, http } = bench;
  try {
    // 1. Two meetings with room for every registration of the run: one for the API, one for the
    //    use case in-process. Each path has a registration book of its own (the handler's and
    //    awsPorts()'), as two Lambda containers would; on one meeting they would take turns and
    //    each find the other's write, which is a burst's case (item 2), not a lone registration's.
    const day = addDays(stockholmDate(new Date()), 30);
    const capacity = Math.min(10_000, options.requests + options.warmUp + 10);
    const schedule = (title: string) => scheduleBenchMeeting(http, { title, capacity, day });
    const meetingId = await schedule('Benchmark meeting');
    const useCaseMeetingId = await schedule('Benchmark meeting (use case)');
    const ports = awsPorts();
    const meeting = await ports.meetings.meeting(meetingId);
    if (!meeting) throw new Error('the scheduled meeting is not there');

    // 2. The reference table: same design, same DynamoDB Local, a copy of the meeting item.
    const referenceTable = 'bench-registration-reference';
    await createReferenceTable(cloud, referenceTable);
    const { Item: meetingItem } = await db.send(
      new GetCommand({ TableName: cloud.tableName, Key: keys.meeting(meetingId) }),
    );
    await db.send(new PutCommand({ TableName: referenceTable, Item: meetingItem }));

    /** The four items the book writes for one confirmed registration, as one transaction. */
    const bareTransaction = (n: number) => {
      const now = new Date();
      const registration = prepareRegistration(meeting, benchRegistration(n, 'bare-'), {
        id: randomUUID(),
        now,
      });
      const names: Record<string, string> = {
        '#status': 'status',
        '#closes': 'registrationClosesAt',
        '#capacity': 'capacity',
      };
      const seats = registration.days.map((seatDay, i) => {
        names[`#d${i}`] = seatDay;
        return `seatsTaken.#d${i}`;
      });
      const event = outboxPut(
        referenceTable,
        {
          detailType: 'RegistrationReceived',
          detail: {
            registrationId: registration.id,
            meetingId,
            status: 'confirmed',
            days: currentDays(meeting, registration.days),
            municipalityCode: registration.municipalityCode,
            role: registration.role,
          },
        },
        { id: randomUUID(), now },
      ).item;
      return new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: referenceTable,
              Item: {
                ...keys.registrationEmail(meetingId, emailHash(registration.email)),
                type: 'registration-email',
                registrationId: registration.id,
                state: 'registered',
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Update: {
              TableName: referenceTable,
              Key: keys.meeting(meetingId),
              UpdateExpression: `SET ${seats.map((seat) => `${seat} = ${seat} + :one`).join(', ')}, arrivals = if_not_exists(arrivals, :zero) + :one`,
              ConditionExpression: [
                '#status = :scheduled AND #closes > :now',
                '(attribute_not_exists(waitlisted) OR waitlisted = :zero)',
                ...seats.map((seat) => `${seat} < #capacity`),
              ].join(' AND '),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: {
                ':scheduled': 'scheduled',
                ':now': now.toISOString(),
                ':one': 1,
                ':zero': 0,
              },
            },
          },
          {
            Put: {
              TableName: referenceTable,
              Item: {
                ...keys.registration(meetingId, registration.id),
                type: 'registration',
                ...registration,
                status: 'confirmed',
                arrival: n + 1,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          event,
        ],
      });
    };

    const statuses: Record<string, number> = {};
    const viaApi = async (n: number) => {
      const answer = await http.post(
        `/api/meetings/${meetingId}/registrations`,
        benchRegistration(n, 'api-'),
      );
      const key = `${answer.status} ${String(answer.body.status ?? answer.body.error ?? '')}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    };
    const viaUseCase = async (n: number) => {
      await registerForMeeting(ports, useCaseMeetingId, benchRegistration(n, 'use-case-'));
    };

    // 3. Warm-up (JIT of node and of DynamoDB Local, the handler modules' first import), then the
    //    measured rounds, the order of the three rotating each round.
    const samples = { api: [] as number[], useCase: [] as number[], bare: [] as number[] };
    let bareCount = 0;
    const total = options.warmUp + options.requests;
    // The consumers the registrations set off wait on the bus until the rounds are done: in AWS
    // they run in Lambdas of their own; here they would share the process with what is measured.
    cloud.bus.pause();
    const loopStarted = Date.now();
    for (let n = 0; n < total; n++) {
      const command = bareTransaction(bareCount++);
      const steps: Array<[keyof typeof samples, () => Promise<void>]> = [
        ['api', () => viaApi(n)],
        ['useCase', () => viaUseCase(n)],
        [
          'bare',
          async () => {
            await db.send(command);
          },
        ],
      ];
      for (let k = 0; k < steps.length; k++) {
        const [name, action] = steps[(n + k) % steps.length] as (typeof steps)[number];
        const ms = await elapsedMs(action);
        if (n >= options.warmUp) samples[name].push(ms);
      }
      if ((n + 1) % 100 === 0) log(`${n + 1}/${total} rounds`);
    }
    log(`${total} rounds in ${((Date.now() - loopStarted) / 1000).toFixed(1)} s; waiting for the consumers`);
    cloud.bus.resume();
    await cloud.settle({ timeoutMs: 180_000 });

    const api = figures(samples.api);
    const useCase = figures(samples.useCase);
    const bare = figures(samples.bare);
    return {
      requests: options.requests,
      warmUp: options.warmUp,
      api: { ...api, statuses },
      useCase,
      bareTransaction: bare,
      apiP50Ms: api.p50Ms,
      bareP50Ms: bare.p50Ms,
      registrationP50Ratio: ratio(api.p50Ms, bare.p50Ms),
      apiP99Ms: api.p99Ms,
      bareP99Ms: bare.p99Ms,
      registrationP99Ratio: ratio(api.p99Ms, bare.p99Ms),
      useCaseP50Ms: useCase.p50Ms,
      useCaseP50Ratio: ratio(useCase.p50Ms, bare.p50Ms),
    };
  } finally {
    await bench.stop();
  }
};
