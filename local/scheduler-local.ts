import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describeError, logger } from '../functions/shared/logger';

const REGION = 'eu-north-1';
const ACCOUNT = '000000000000';

/** Names of schedules and groups, as EventBridge Scheduler checks them. */
const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[\w.\-/]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** What EventBridge Scheduler fills in when a target has no (or a partial) retry policy. */
const DEFAULT_RETRY_POLICY = { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 };
/** Target kinds other than the EventBridge one; the local scheduler refuses them. */
const OTHER_TARGET_PARAMETERS = [
  'EcsParameters',
  'EventBridgePutEventsV2Parameters',
  'EventBridgePutRawEventsParameters',
  'KinesisParameters',
  'SageMakerPipelineParameters',
  'SqsParameters',
];

/** One schedule, for operators and tests. */
export interface ScheduleSummary {
  name: string;
  group: string;
  /** When it fires, ISO 8601 (UTC). */
  at: string;
  detailType: string;
}

export interface LocalScheduler {
  /** Give this to a SchedulerClient as its endpoint. */
  endpoint: string;
  /** Fires every enabled schedule whose time is not after `clock.now()`, in time order; returns how many fired. */
  runDue(): Promise<number>;
  /** Every stored schedule, in time order. */
  schedules(): ScheduleSummary[];
  stop(): Promise<void>;
}

interface Target {
  Arn: string;
  RoleArn: string;
  Input: string;
  EventBridgeParameters: { DetailType: string; Source: string };
  RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  DeadLetterConfig?: { Arn?: string };
}

/** A schedule as the emulator keeps it (and writes it to the state file). */
interface StoredSchedule {
  name: string;
  group: string;
  expression: string;
  /** The instant of the `at(...)` expression, ISO 8601. */
  at: string;
  timezone?: string;
  state: 'ENABLED' | 'DISABLED';
  actionAfterCompletion: 'NONE' | 'DELETE';
  flexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  target: Target;
  description?: string;
  startDate?: number;
  endDate?: number;
  kmsKeyArn?: string;
  /** The ClientToken of the CreateSchedule that made it: a retried create is not a conflict. */
  clientToken?: string;
  /** Epoch seconds, as restJson1 carries timestamps. */
  createdAt: number;
  modifiedAt: number;
  /** Fired and kept (ActionAfterCompletion NONE): a one-time schedule does not fire again. */
  fired: boolean;
}

type ErrorType =
  | 'ValidationException'
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'InternalServerException'
  | 'UnknownOperationException';

const STATUS: Record<ErrorType, number> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
  InternalServerException: 500,
  UnknownOperationException: 404,
};

/** An error in the service's own shape: `x-amzn-errortype` header and `{ Message }` body. */
class SchedulerApiError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

const invalid = (message: string): never => {
  throw new SchedulerApiError('ValidationException', message);
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (body: Json, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : invalid(`${field} must be a string`);
};

const optionalNumber = (body: Json, field: string): number | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : invalid(`${field} must be a number`);
};

const checkName = (value: string, field: string): string =>
  NAME.test(value) ? value : invalid(`${field} ${JSON.stringify(value)} must be 1-64 of [0-9a-zA-Z-_.]`);

/** The instant of an `at(yyyy-mm-ddThh:mm:ss)` expression in UTC; anything else is refused. */
const parseAt = (expression: string, timezone: string | undefined): Date => {
  const match = AT.exec(expression);
  if (!match) {
    return invalid(
      `The local scheduler supports only one-time at(yyyy-mm-ddThh:mm:ss) expressions, not ${JSON.stringify(expression)}`,
    );
  }
  if (timezone !== undefined && timezone !== 'UTC') {
    return invalid(`The local scheduler evaluates at(...) in UTC only, not in ${JSON.stringify(timezone)}`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const at = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), hour, minute, second));
  // Date.UTC rolls 2027-02-30 over into March; the round trip catches such dates.
  if (at.toISOString().slice(0, 19) !== expression.slice(3, -1)) {
    return invalid(`Invalid date in schedule expression ${JSON.stringify(expression)}`);
  }
  return at;
};

const parseTarget = (value: unknown): Target => {
  if (!isObject(value)) return invalid('Target is required');
  const arn = optionalString(value, 'Arn') ?? invalid('Target.Arn is required');
  const roleArn = optionalString(value, 'RoleArn') ?? invalid('Target.RoleArn is required');
  const other = OTHER_TARGET_PARAMETERS.filter(
    (field) => value[field] !== undefined && value[field] !== null,
  );
  const parameters = value.EventBridgeParameters;
  if (other.length > 0 || !isObject(parameters)) {
    return invalid(
      `The local scheduler supports only EventBridge targets (Target.EventBridgeParameters)${other.length > 0 ? `, not ${other.join(', ')}` : ''}`,
    );
  }
  if (!EVENT_BUS_ARN.test(arn)) return invalid(`Target.Arn ${JSON.stringify(arn)} is not an event bus ARN`);
  if (!ROLE_ARN.test(roleArn)) return invalid(`Target.RoleArn ${JSON.stringify(roleArn)} is not a role ARN`);
  const detailType =
    optionalString(parameters, 'DetailType') ??
    invalid('Target.EventBridgeParameters.DetailType is required');
  const source =
    optionalString(parameters, 'Source') ?? invalid('Target.EventBridgeParameters.Source is required');
  const input = optionalString(value, 'Input') ?? invalid('Target.Input is required: it becomes the detail');
  let detail: unknown;
  try {
    detail = JSON.parse(input);
  } catch {
    detail = undefined;
  }
  // Checked here rather than when firing (where AWS would fail and dead-letter): an early error is kinder locally.
  if (!isObject(detail)) invalid('Target.Input must be a JSON object: it becomes the event detail');
  const target: Target = {
    Arn: arn,
    RoleArn: roleArn,
    Input: input,
    EventBridgeParameters: { DetailType: detailType, Source: source },
  };
  if (value.RetryPolicy !== undefined && value.RetryPolicy !== null) {
    if (!isObject(value.RetryPolicy)) return invalid('Target.RetryPolicy must be an object');
    const age = optionalNumber(value.RetryPolicy, 'MaximumEventAgeInSeconds');
    const attempts = optionalNumber(value.RetryPolicy, 'MaximumRetryAttempts');
    if (age !== undefined && (age < 60 || age > 86_400)) {
      invalid('Target.RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400');
    }
    if (attempts !== undefined && (attempts < 0 || attempts > 185)) {
      invalid('Target.RetryPolicy.MaximumRetryAttempts must be between 0 and 185');
    }
    target.RetryPolicy = {
      ...(age === undefined ? {} : { MaximumEventAgeInSeconds: age }),
      ...(attempts === undefined ? {} : { MaximumRetryAttempts: attempts }),
    };
  }
  if (value.DeadLetterConfig !== undefined && value.DeadLetterConfig !== null) {
    if (!isObject(value.DeadLetterConfig)) return invalid('Target.DeadLetterConfig must be an object');
    target.DeadLetterConfig = { Arn: optionalString(value.DeadLetterConfig, 'Arn') };
  }
  return target;
};

/** The body of CreateSchedule and UpdateSchedule (they take the same fields). */
const parseScheduleBody = (
  body: Json,
): Omit<StoredSchedule, 'name' | 'createdAt' | 'modifiedAt' | 'fired' | 'clientToken'> => {
  const expression = optionalString(body, 'ScheduleExpression') ?? invalid('ScheduleExpression is required');
  const timezone = optionalString(body, 'ScheduleExpressionTimezone');
  const at = parseAt(expression, timezone);
  const window = body.FlexibleTimeWindow;
  if (!isObject(window)) return invalid('FlexibleTimeWindow is required');
  const mode = optionalString(window, 'Mode');
  const maximumWindow = optionalNumber(window, 'MaximumWindowInMinutes');
  if (mode !== 'OFF' && mode !== 'FLEXIBLE')
    return invalid('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE');
  if (mode === 'FLEXIBLE' && (maximumWindow === undefined || maximumWindow < 1 || maximumWindow > 1440)) {
    invalid('FlexibleTimeWindow.MaximumWindowInMinutes must be between 1 and 1440 in FLEXIBLE mode');
  }
  const state = optionalString(body, 'State') ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') return invalid('State must be ENABLED or DISABLED');
  const action = optionalString(body, 'ActionAfterCompletion') ?? 'NONE';
  if (action !== 'NONE' && action !== 'DELETE')
    return invalid('ActionAfterCompletion must be NONE or DELETE');
  const description = optionalString(body, 'Description');
  if (description !== undefined && description.length > 512) invalid('Description is longer than 512');
  return {
    group: checkName(optionalString(body, 'GroupName') ?? 'default', 'GroupName'),
    expression,
    at: at.toISOString(),
    ...(timezone === undefined ? {} : { timezone }),
    state,
    actionAfterCompletion: action,
    // FLEXIBLE is accepted; the local scheduler fires at the start of the window, which is within it.
    flexibleTimeWindow: {
      Mode: mode,
      ...(maximumWindow === undefined ? {} : { MaximumWindowInMinutes: maximumWindow }),
    },
    target: parseTarget(body.Target),
    ...(description === undefined ? {} : { description }),
    ...optionalField('startDate', optionalNumber(body, 'StartDate')),
    ...optionalField('endDate', optionalNumber(body, 'EndDate')),
    ...optionalField('kmsKeyArn', optionalString(body, 'KmsKeyArn')),
  };
};

const optionalField = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const scheduleArn = (schedule: { group: string; name: string }): string =>
  `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${schedule.group}/${schedule.name}`;

const keyOf = (group: string, name: string): string => `${group}/${name}`;

const byTime = (a: StoredSchedule, b: StoredSchedule): number =>
  a.at.localeCompare(b.at) || a.group.localeCompare(b.group) || a.name.localeCompare(b.name);

/** GetSchedule's output. */
const described = (schedule: StoredSchedule): Json => ({
  Arn: scheduleArn(schedule),
  Name: schedule.name,
  GroupName: schedule.group,
  ScheduleExpression: schedule.expression,
  ScheduleExpressionTimezone: schedule.timezone ?? 'UTC',
  State: schedule.state,
  CreationDate: schedule.createdAt,
  LastModificationDate: schedule.modifiedAt,
  FlexibleTimeWindow: schedule.flexibleTimeWindow,
  ActionAfterCompletion: schedule.actionAfterCompletion,
  Target: { ...schedule.target, RetryPolicy: { ...DEFAULT_RETRY_POLICY, ...schedule.target.RetryPolicy } },
  ...optionalField('Description', schedule.description),
  ...optionalField('StartDate', schedule.startDate),
  ...optionalField('EndDate', schedule.endDate),
  ...optionalField('KmsKeyArn', schedule.kmsKeyArn),
});

const readJsonBody = async (request: IncomingMessage): Promise<Json> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return invalid('The request body is not JSON');
  }
  return isObject(body) ? body : invalid('The request body must be a JSON object');
};

const send = (response: ServerResponse, status: number, body: Json, errorType?: ErrorType): void => {
  response.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
};

const loadState = (file: string | undefined): StoredSchedule[] => {
  if (!file || !existsSync(file)) return [];
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as { schedules?: unknown };
    if (!Array.isArray(state.schedules)) throw new Error('no schedules array');
    return state.schedules as StoredSchedule[];
  } catch (error) {
    throw new Error(`Local scheduler state ${file} is unreadable; delete it to start without timers`, {
      cause: error,
    });
  }
};

/** EventBridge writes `time` in whole seconds. */
const eventTime = (now: Date): string => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A local EventBridge Scheduler: the real REST API (restJson1, as @aws-sdk/client-scheduler speaks
 * it) for one-time `at(...)` schedules whose target is the event bus, so that the same adapter runs
 * locally and in AWS. A due schedule puts its event on the bus through `publish`, as the universal
 * EventBridge target (PutEvents) would. The schedules survive restarts in `stateFile`.
 */
export const startLocalScheduler = async (options: {
  /** 0 = any free port. */
  port: number;
  clock: { now(): Date };
  /**
   * Puts a due timer's event on the bus: PutEvents through @aws-sdk/client-eventbridge, as
   * EventBridge Scheduler's bus target does; rejects (or resolves false) when the bus refused it.
   */
  publish: (entry: PutEventsRequestEntry) => Promise<boolean>;
  /** Where the schedules are kept between runs; absent = in memory. */
  stateFile?: string;
  /** How often due schedules fire (default 1000 ms); 0 = only when `runDue` is called. */
  pollMs?: number;
}): Promise<LocalScheduler> => {
  const { clock, stateFile } = options;
  const schedules = new Map<string, StoredSchedule>(
    loadState(stateFile).map((schedule) => [keyOf(schedule.group, schedule.name), schedule]),
  );

  const persist = (): void => {
    if (!stateFile) return;
    mkdirSync(dirname(stateFile), { recursive: true });
    // Written aside and renamed, so that a crash mid-write leaves the previous state, not half a file.
    const temporary = `${stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ schedules: [...schedules.values()] }, null, 2)}\n`);
    renameSync(temporary, stateFile);
  };

  const nowSeconds = () => clock.now().getTime() / 1000;

  const existing = (group: string, name: string): StoredSchedule =>
    schedules.get(keyOf(group, name)) ??
    (() => {
      throw new SchedulerApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    })();

  const createSchedule = (name: string, body: Json): Json => {
    const fields = parseScheduleBody(body);
    const clientToken = optionalString(body, 'ClientToken');
    const key = keyOf(fields.group, name);
    const found = schedules.get(key);
    if (found) {
      // The SDK sends the same ClientToken when it retries: the first attempt got through.
      if (clientToken !== undefined && found.clientToken === clientToken)
        return { ScheduleArn: scheduleArn(found) };
      throw new SchedulerApiError('ConflictException', `Schedule ${name} already exists.`);
    }
    const now = nowSeconds();
    const schedule: StoredSchedule = {
      ...fields,
      name,
      ...optionalField('clientToken', clientToken),
      createdAt: now,
      modifiedAt: now,
      fired: false,
    };
    schedules.set(key, schedule);
    persist();
    return { ScheduleArn: scheduleArn(schedule) };
  };

  const updateSchedule = (name: string, body: Json): Json => {
    const fields = parseScheduleBody(body);
    const found = existing(fields.group, name);
    // UpdateSchedule replaces every field; a new time can fire again.
    const schedule: StoredSchedule = {
      ...fields,
      name,
      ...optionalField('clientToken', found.clientToken),
      createdAt: found.createdAt,
      modifiedAt: nowSeconds(),
      fired: false,
    };
    schedules.set(keyOf(fields.group, name), schedule);
    persist();
    return { ScheduleArn: scheduleArn(schedule) };
  };

  const deleteSchedule = (name: string, group: string): Json => {
    existing(group, name);
    schedules.delete(keyOf(group, name));
    persist();
    return {};
  };

  const listSchedules = (query: URLSearchParams): Json => {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix');
    const state = query.get('State');
    const after = query.get('NextToken');
    const maxResults = query.has('MaxResults') ? Number(query.get('MaxResults')) : 100;
    if (group !== null) checkName(group, 'ScheduleGroup');
    if (state !== null && state !== 'ENABLED' && state !== 'DISABLED')
      invalid('State must be ENABLED or DISABLED');
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      invalid('MaxResults must be between 1 and 100');
    }
    const afterKey = after === null ? undefined : Buffer.from(after, 'base64url').toString('utf8');
    const matching = [...schedules.entries()]
      .filter(([key, schedule]) => {
        if (group !== null && schedule.group !== group) return false;
        if (prefix !== null && !schedule.name.startsWith(prefix)) return false;
        if (state !== null && schedule.state !== state) return false;
        return afterKey === undefined || key > afterKey;
      })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const page = matching.slice(0, maxResults);
    const last = page.at(-1);
    return {
      Schedules: page.map(([, schedule]) => ({
        Arn: scheduleArn(schedule),
        Name: schedule.name,
        GroupName: schedule.group,
        State: schedule.state,
        CreationDate: schedule.createdAt,
        LastModificationDate: schedule.modifiedAt,
        Target: { Arn: schedule.target.Arn },
      })),
      ...(matching.length > page.length && last
        ? { NextToken: Buffer.from(last[0], 'utf8').toString('base64url') }
        : {}),
    };
  };

  /** Routes a request by the HTTP bindings of @aws-sdk/client-scheduler's operation schemas. */
  const route = async (request: IncomingMessage): Promise<Json> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    const body = await readJsonBody(request);
    const method = request.method ?? 'GET';
    if (segments[0] === 'schedules' && segments.length === 1 && method === 'GET') {
      return listSchedules(url.searchParams);
    }
    if (segments[0] === 'schedules' && segments.length === 2 && segments[1] !== undefined) {
      let name: string;
      try {
        name = decodeURIComponent(segments[1]);
      } catch {
        return invalid('The schedule name in the path is not valid percent-encoding');
      }
      checkName(name, 'Name');
      const group = checkName(url.searchParams.get('groupName') ?? 'default', 'groupName');
      switch (method) {
        case 'POST':
          return createSchedule(name, body);
        case 'PUT':
          return updateSchedule(name, body);
        case 'GET':
          return described(existing(group, name));
        case 'DELETE':
          return deleteSchedule(name, group);
      }
    }
    throw new SchedulerApiError(
      'UnknownOperationException',
      `The local scheduler implements CreateSchedule, UpdateSchedule, GetSchedule, DeleteSchedule and ListSchedules only, not ${method} ${url.pathname}`,
    );
  };

  const server = createServer((request, response) => {
    route(request).then(
      (body) => send(response, 200, body),
      (error: unknown) => {
        if (error instanceof SchedulerApiError) {
          send(response, STATUS[error.type], { Message: error.message }, error.type);
          return;
        }
        logger.error('local scheduler: request failed', describeError(error));
        send(response, 500, { Message: 'Internal error' }, 'InternalServerException');
      },
    );
  });

  const fireDue = async (): Promise<number> => {
    const now = clock.now();
    const due = [...schedules.values()]
      .filter(
        (schedule) =>
          schedule.state === 'ENABLED' && !schedule.fired && Date.parse(schedule.at) <= now.getTime(),
      )
      .sort(byTime);
    let fired = 0;
    for (const schedule of due) {
      const { EventBridgeParameters, Input } = schedule.target;
      try {
        const accepted = await options.publish({
          Source: EventBridgeParameters.Source,
          DetailType: EventBridgeParameters.DetailType,
          Detail: Input,
          Time: new Date(eventTime(now)),
          Resources: [scheduleArn(schedule)],
          EventBusName: schedule.target.Arn,
        });
        if (!accepted) throw new Error('The bus refused the event');
      } catch (error) {
        // Like the service's retry policy: the schedule stays and is tried again on the next run.
        logger.warn('local scheduler: publishing failed, retrying on the next run', {
          schedule: scheduleArn(schedule),
          ...describeError(error),
        });
        continue;
      }
      const key = keyOf(schedule.group, schedule.name);
      if (schedule.actionAfterCompletion === 'DELETE') schedules.delete(key);
      else schedules.set(key, { ...schedule, fired: true });
      persist();
      fired++;
    }
    return fired;
  };

  // Runs one after the other, whether called by the poller or by a test.
  let running: Promise<unknown> = Promise.resolve();
  const runDue = (): Promise<number> => {
    const run = running.then(fireDue, fireDue);
    running = run.catch(() => undefined);
    return run;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let poll: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await runDue();
    } catch (error) {
      logger.warn('local scheduler: a run failed', describeError(error));
    }
    if (!stopped) poll = setTimeout(tick, pollMs).unref();
  };
  if (pollMs > 0) poll = setTimeout(tick, pollMs).unref();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    runDue,
    schedules: () =>
      [...schedules.values()].sort(byTime).map((schedule) => ({
        name: schedule.name,
        group: schedule.group,
        at: schedule.at,
        detailType: schedule.target.EventBridgeParameters.DetailType,
      })),
    stop: async () => {
      stopped = true;
      clearTimeout(poll);
      await running;
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
};
