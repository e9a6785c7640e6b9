/**
 * The single table's key design, shared by the adapters, the CDK stack and the local cloud so
 * that the three never disagree. docs/data-model.md lists every access pattern.
 */
export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;

export const GSI1 = { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' } as const;

/** Epoch seconds after which DynamoDB may delete the item (consumer receipts). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Item `type` of outbox events: the pipe forwards only these. */
export const EVENT_ITEM_TYPE = 'event';

/**
 * The stream filter of the pipe, as an EventBridge pattern over the DynamoDB stream record:
 * only newly inserted event items reach the bus. The CDK pipe and the local pipe both use it.
 * The hand-over import (scripts/ops/import-network.ts) relies on it forwarding INSERTs only: it
 * stages historical events under another type and then overwrites them, so none is published
 * again; it refuses to run if this filter ever forwards more.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: [EVENT_ITEM_TYPE] } } },
} as const;

/**
 * How the outbox pipe puts an enriched record on the bus (functions/pipe/outbox-enrichment.ts
 * returns `{ source, detailType, detail }`): the same paths the CDK pipe deploys and the local
 * pipe follows.
 */
export const OUTBOX_PIPE_TARGET = {
  source: '$.source',
  detailType: '$.detailType',
  inputTemplate: '<$.detail>',
} as const;

export const keys = {
  municipality: (code: string) => ({ PK: `MUNICIPALITY#${code}`, SK: 'MUNICIPALITY' }),
  focusGroup: (id: string) => ({ PK: `FOCUS_GROUP#${id}`, SK: 'FOCUS_GROUP' }),
  meeting: (id: string) => ({ PK: `MEETING#${id}`, SK: 'MEETING' }),
  registration: (meetingId: string, registrationId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `REGISTRATION#${registrationId}`,
  }),
  /** Guards one registration per e-mail and meeting; keyed by a hash so the key holds no address. */
  registrationEmail: (meetingId: string, emailHash: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `EMAIL#${emailHash}`,
  }),
  event: (id: string) => ({ PK: `EVENT#${id}`, SK: 'EVENT' }),
  receipt: (consumer: string, eventId: string) => ({ PK: `RECEIPT#${consumer}#${eventId}`, SK: 'RECEIPT' }),
  billingParty: (id: string) => ({ PK: `BILLING_PARTY#${id}`, SK: 'BILLING_PARTY' }),
  principal: (id: string) => ({ PK: `PRINCIPAL#${id}`, SK: 'PRINCIPAL' }),
  /** All figures of one reference year in one item (≤ 290 municipalities: a few KB). */
  population: (year: number) => ({ PK: `POPULATION#${year}`, SK: 'POPULATION' }),
  wageGrowth: (year: number) => ({ PK: 'WAGE_GROWTH', SK: String(year) }),
  feeSchedule: (year: number) => ({ PK: `FEE_SCHEDULE#${year}`, SK: 'FEE_SCHEDULE' }),
  year: (year: number) => ({ PK: `YEAR#${year}`, SK: 'YEAR' }),
  invoice: (number: number) => ({ PK: `INVOICE#${number}`, SK: 'INVOICE' }),
  /** Makes issuing idempotent: one invoice per key (fee year, billing party, kind). */
  invoiceKey: (key: string) => ({ PK: `INVOICE_KEY#${key}`, SK: 'INVOICE_KEY' }),
  /** The next number of a principal's series. */
  invoiceSeries: (principalId: string) => ({ PK: `INVOICE_SERIES#${principalId}`, SK: 'INVOICE_SERIES' }),
  /** Presence of one registration on one day of a meeting, under the meeting's partition. */
  attendance: (meetingId: string, day: string, registrationId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `ATTENDANCE#${day}#${registrationId}`,
  }),
  /** That a registration has answered the evaluation; holds no answer. */
  evaluated: (meetingId: string, registrationId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `EVALUATED#${registrationId}`,
  }),
  /** That the evaluation link was sent to a registration. */
  evaluationInvited: (meetingId: string, registrationId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `EVALUATION_INVITED#${registrationId}`,
  }),
  /** An anonymous answer: a random id, no person, no time. */
  evaluationAnswer: (meetingId: string, answerId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `ANSWER#${answerId}`,
  }),
  /** An address on a focus group's mailing list, keyed by the hash of the address. */
  subscriber: (focusGroupId: string, subscriberId: string) => ({
    PK: `FOCUS_GROUP#${focusGroupId}`,
    SK: `SUBSCRIBER#${subscriberId}`,
  }),
  /** That a meeting was announced to a subscriber. */
  announced: (meetingId: string, subscriberId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `ANNOUNCED#${subscriberId}`,
  }),
  notInvoiced: (feeYear: number, code: string) => ({
    PK: `NOT_INVOICED#${feeYear}`,
    SK: `MUNICIPALITY#${code}`,
  }),
  /** A meeting's statistics: its facts and counters (listed per year through GSI1). */
  statsMeeting: (meetingId: string) => ({ PK: `STATS_MEETING#${meetingId}`, SK: 'STATS' }),
  /** A year's counters of distinct people. */
  statsYear: (year: number) => ({ PK: `STATS_YEAR#${year}`, SK: 'COUNTERS' }),
  /** That an addition to a meeting's counters was made (once per key); one partition per meeting. */
  statsOnce: (meetingId: string, key: string) => ({ PK: `STATS_ONCE#${meetingId}`, SK: key }),
  /** That an addition to a year's counters was made. */
  statsOnceYear: (year: number, key: string) => ({ PK: `STATS_ONCE_YEAR#${year}`, SK: key }),
  /** The December survey of a year. */
  survey: (year: number) => ({ PK: 'SURVEYS', SK: `YEAR#${year}` }),
  /** A year's report as frozen when the year was closed. */
  frozenReport: (year: number) => ({ PK: `REPORT#${year}`, SK: 'FROZEN' }),
  /** A message the secretariat sent to a meeting's registrants (text, audience, recipient ids). */
  meetingMessage: (meetingId: string, messageId: string) => ({
    PK: `MEETING#${meetingId}`,
    SK: `MESSAGE#${messageId}`,
  }),
} as const;

export const gsi1 = {
  municipalities: 'MUNICIPALITIES',
  focusGroups: 'FOCUS_GROUPS',
  meetings: 'MEETINGS',
  eventsOfYear: (year: string) => `EVENTS#${year}`,
  billingParties: 'BILLING_PARTIES',
  principals: 'PRINCIPALS',
  invoicesOfFeeYear: (feeYear: number) => `INVOICES#${feeYear}`,
  statsMeetingsOfYear: (year: number) => `STATS_YEAR#${year}`,
} as const;

/** Zero-padded so that numbers sort as strings. */
export const sortableNumber = (value: number): string => String(value).padStart(12, '0');
