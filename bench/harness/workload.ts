/**
 * The registration workload that the registration, burst and pipeline-lag measurements share:
 * who registers, the meeting they register for, and the reference table beside the product's.
 * One definition, so that the three measure the same requests against the same kind of meeting.
 */
import type { RegistrationRequest } from '../../domain/meetings/registration';
import { addDays, stockholmDate } from '../../domain/shared/stockholm-time';
import { ensureTable } from '../../local/create-table';
import type { LocalCloud } from '../../local/local-cloud';
import { localDynamoClient } from './cloud';
import type { BenchHttp } from './http';

/** A member municipality in the demo seed (Härryda, a member since 2023). */
export const BENCH_MEMBER = '1401';

/** Registration `n` of a run; `tag` keeps the e-mail addresses of different paths apart. */
export const benchRegistration = (n: number, tag: string): RegistrationRequest => ({
  name: `Bench Person ${tag}${n}`,
  email: `bench-${tag}${n}@bench.example`,
  municipalityCode: BENCH_MEMBER,
  role: 'environmental-strategist',
  consent: true,
});

/**
 * Schedules a digital meeting through the admin API, by default 30 days ahead (well before it
 * closes for registration); its id. Throws unless the API answered 201.
 */
export const scheduleBenchMeeting = async (
  http: BenchHttp,
  meeting: { title: string; capacity: number; day?: string },
): Promise<string> => {
  const scheduled = await http.post(
    '/api/admin/meetings',
    {
      title: meeting.title,
      focusGroupId: 'environmental-strategy',
      kind: 'digital',
      days: [meeting.day ?? addDays(stockholmDate(new Date()), 30)],
      startTime: '09:00',
      endTime: '11:00',
      onlineUrl: 'https://meet.example.org/bench',
      capacity: meeting.capacity,
    },
    { admin: true },
  );
  if (scheduled.status !== 201) throw new Error(`scheduling answered ${scheduled.status}`);
  return String(scheduled.body.id);
};

/**
 * Creates `tableName` with the product's design on the cloud's DynamoDB Local, for the bare
 * reference writes (no stream pipe reads it, so no consumer runs on them); its stream ARN.
 */
export const createReferenceTable = async (
  cloud: Pick<LocalCloud, 'dynamoDbEndpoint'>,
  tableName: string,
): Promise<string> => {
  const admin = localDynamoClient(cloud.dynamoDbEndpoint);
  try {
    return await ensureTable(admin, tableName);
  } finally {
    admin.destroy();
  }
};
