/**
 * The public and admin HTTP contract as zod schemas. Handlers validate with them, the OpenAPI
 * document is generated from them, and the web pages follow them.
 */
import * as z from 'zod';
import { ROLES } from '../../domain/meetings/registration';

/**
 * Control characters (incl. CR/LF) have no place in a one-line field: they enable header
 * injection and break CSV and e-mail layouts. Multi-line fields may keep tab and line breaks.
 */
export const hasControlCharacters = (value: string, allowLineBreaks = false): boolean => {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (allowLineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
};

/*
 * The control-character refinements in JSON Schema terms, for the OpenAPI document: zod cannot see
 * into a refine, so each refined field says its rule again as a pattern (the same code points as
 * hasControlCharacters) and names it in its description. Trimming makes "at least one character"
 * mean "at least one non-blank character"; the lookahead says that.
 */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
const CONTROL_BUT_LINE_BREAKS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029';

/** JSON Schema of a trimmed, non-blank one-line field (see `line`). */
export const oneLineKeywords = {
  pattern: `^(?=[\\s\\S]*\\S)[^${CONTROL}]*$`,
  description:
    'One line: trimmed, not blank, no control characters or line breaks; the length limits count the trimmed text',
} as const;

/** JSON Schema of a trimmed multi-line field: tab and line breaks allowed, other control characters not. */
export const multiLineKeywords = {
  pattern: `^[^${CONTROL_BUT_LINE_BREAKS}]*$`,
  description:
    'Trimmed; no control characters other than tab and line breaks; the length limit counts the trimmed text',
} as const;

/** One line of text: trimmed, 1..max characters, no control characters or line breaks. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacters(value), {
      message: 'Must not contain control characters or line breaks',
    })
    .meta(oneLineKeywords);

/**
 * An https link, as the WHATWG URL parser reads it (leading spaces and control characters are
 * dropped before the scheme); the document says the scheme as a pattern, zod writes none for it.
 */
const httpsLink = z
  .url({ protocol: /^https$/, message: 'Expected an https link' })
  .max(2000)
  .meta({
    pattern: '^[\\u0000-\\u0020]*[hH][tT][tT][pP][sS]:',
    description: 'An https link, read as the WHATWG URL standard reads it (not RFC 3986)',
  });

const day = z.iso.date();
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Expected HH:MM (24 h)' });

export const RegistrationRequest = z
  .strictObject({
    name: line(200),
    email: z.email({ message: 'Expected an e-mail address' }).max(254),
    municipalityCode: z.string().regex(/^\d{4}$/, { message: 'Expected a 4-digit SCB municipality code' }),
    role: z.enum(ROLES),
    days: z.array(day).min(1).max(2).optional(),
    dietaryNeeds: z
      .string()
      .trim()
      .max(500)
      .refine((value) => !hasControlCharacters(value, true), {
        message: 'Must not contain control characters',
      })
      .meta(multiLineKeywords)
      .optional(),
    language: z.enum(['sv', 'en']).optional(),
    consent: z.literal(true, { message: 'Consent is required to register' }),
  })
  .meta({ id: 'RegistrationRequest' });

export const RegistrationResponse = z
  .object({ registrationId: z.string(), status: z.enum(['confirmed', 'waitlisted']) })
  .meta({ id: 'RegistrationResponse' });

export const MeetingRequest = z
  .strictObject({
    title: line(200),
    focusGroupId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Expected a focus group id' })
      .max(64),
    kind: z.enum(['physical', 'digital']),
    days: z.array(day).min(1).max(2),
    startTime: clockTime,
    endTime: clockTime,
    venue: line(300).optional(),
    onlineUrl: httpsLink.optional(),
    capacity: z.int().min(1).max(10_000),
    registrationClosesAt: z.iso.datetime({ offset: true }).optional(),
    programme: z
      .string()
      .trim()
      .max(5000)
      .refine((value) => !hasControlCharacters(value, true), {
        message: 'Must not contain control characters',
      })
      .meta(multiLineKeywords)
      .optional(),
    speakers: z.array(line(200)).max(30).optional(),
    partners: z.array(line(200)).max(30).optional(),
  })
  .meta({ id: 'MeetingRequest' });

export const CreatedId = z.object({ id: z.string() }).meta({ id: 'CreatedId' });

export const Meeting = z
  .object({
    id: z.string(),
    title: z.string(),
    focusGroup: z.object({ id: z.string(), name: z.string() }),
    kind: z.enum(['physical', 'digital']),
    days: z.array(day),
    startTime: z.string().describe('HH:MM, Europe/Stockholm'),
    endTime: z.string().describe('HH:MM, Europe/Stockholm'),
    venue: z.string().optional(),
    onlineUrl: z.string().optional(),
    capacity: z.int(),
    seatsLeft: z.int(),
    registrationOpen: z.boolean(),
    registrationClosesAt: z.string().describe('ISO 8601 with the Europe/Stockholm offset'),
    programme: z.string().optional(),
    speakers: z.array(z.string()).optional(),
    partners: z.array(z.string()).optional(),
  })
  .meta({ id: 'Meeting' });

export const MeetingList = z.object({ meetings: z.array(Meeting) }).meta({ id: 'MeetingList' });

export const ErrorBody = z
  .object({
    error: z.string().describe('Stable SCREAMING_SNAKE code'),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

/** The day of a Teams attendance report (a query parameter of the CSV upload). */
export const attendanceDayParameter = z.iso.date({ message: 'Give the day as ?day=YYYY-MM-DD' });

/** A meeting id in a path: refused before any lookup when it cannot be one. */
export const meetingIdParameter = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'Not a meeting id' });

/**
 * A link token from an e-mail: `<uuid>.<uuid>.<last day>.<mac>`; anything else is refused before
 * any lookup.
 */
export const LinkToken = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9-]{1,64}\.[A-Za-z0-9-]{1,64}\.\d{1,6}\.[A-Za-z0-9_-]{43}$/, {
    message: 'Not a valid link token',
  });

export const CancelResult = z.object({ status: z.literal('cancelled') }).meta({ id: 'CancelResult' });
export const RegistrationStanding = z
  .object({ status: z.enum(['confirmed', 'waitlisted', 'cancelled']), meeting: Meeting })
  .meta({ id: 'RegistrationStanding' });

export const AttendanceRequest = z
  .strictObject({
    day: z.iso.date(),
    registrationIds: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/))
      .max(1000)
      .optional(),
    emails: z.array(z.email().max(254)).max(2000).optional(),
    walkIns: z
      .array(
        z.strictObject({
          name: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .refine((value) => !hasControlCharacters(value), {
              message: 'Must not contain control characters',
            })
            .meta(oneLineKeywords),
          email: z.email().max(254),
          municipalityCode: z
            .string()
            .regex(/^\d{4}$/)
            .optional(),
          role: z.enum(ROLES),
        }),
      )
      .max(200)
      .optional(),
  })
  .meta({ id: 'AttendanceRequest' });

export const AttendanceResult = z
  .object({
    meetingId: z.string(),
    day: z.iso.date(),
    logged: z.int(),
    alreadyLogged: z.int(),
    unmatched: z.array(
      z.object({
        value: z.string(),
        reason: z.enum(['NOT_REGISTERED', 'CANCELLED', 'UNKNOWN_REGISTRATION']),
        line: z.int().optional(),
      }),
    ),
  })
  .meta({ id: 'AttendanceResult' });

export const FocusGroupRequest = z
  .strictObject({
    name: z.strictObject({
      sv: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .refine((value) => !hasControlCharacters(value), { message: 'Must not contain control characters' })
        .meta(oneLineKeywords),
      en: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .refine((value) => !hasControlCharacters(value), { message: 'Must not contain control characters' })
        .meta(oneLineKeywords),
    }),
    retired: z.boolean().optional(),
  })
  .meta({ id: 'FocusGroupRequest' });

export const FocusGroup = FocusGroupRequest.extend({ id: z.string() }).meta({ id: 'FocusGroup' });
export const FocusGroupList = z.object({ focusGroups: z.array(FocusGroup) }).meta({ id: 'FocusGroupList' });

export const EvaluationRequest = z
  .strictObject({
    satisfaction: z.int().min(1).max(6),
    usefulness: z.int().min(1).max(6),
    comment: z
      .string()
      .trim()
      .max(2000)
      .refine((value) => !hasControlCharacters(value, true), {
        message: 'Must not contain control characters',
      })
      .meta(multiLineKeywords)
      .optional(),
  })
  .meta({ id: 'EvaluationRequest' });

export const EvaluationForm = z
  .object({
    meeting: z.object({ title: z.string(), days: z.array(z.iso.date()) }),
    questions: z.array(z.object({ id: z.string() }).loose()),
    answered: z.boolean(),
  })
  .meta({ id: 'EvaluationForm' });

export const EvaluationStored = z.object({ status: z.literal('stored') }).meta({ id: 'EvaluationStored' });

export const SubscriptionRequest = z
  .strictObject({
    email: z.email({ message: 'Expected an e-mail address' }).max(254),
    language: z.enum(['sv', 'en']).optional(),
    consent: z.literal(true, { message: 'Consent is required to subscribe' }),
  })
  .meta({ id: 'SubscriptionRequest' });

export const SubscriptionStatus = z
  .object({ status: z.enum(['confirmation-sent', 'subscribed', 'unsubscribed']) })
  .meta({ id: 'SubscriptionStatus' });

/** A focus group id in a path. */
export const focusGroupIdParameter = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Not a focus group id' })
  .max(64);

export const MeetingCancelledResult = z
  .object({ id: z.string(), status: z.literal('cancelled') })
  .meta({ id: 'MeetingCancelledResult' });

export const MeetingMoveRequest = z
  .strictObject({
    days: z.array(day).min(1).max(2).optional(),
    startTime: clockTime.optional(),
    endTime: clockTime.optional(),
    venue: line(300).optional(),
    onlineUrl: httpsLink.optional(),
    registrationClosesAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Absent: 23:59 Europe/Stockholm the day before the (new) first day'),
  })
  .refine((move) => Object.keys(move).length > 0, { message: 'Say what changes' })
  .meta({ id: 'MeetingMoveRequest', minProperties: 1, description: 'Say what changes: at least one field' });

export const MeetingMoved = z
  .object({
    id: z.string(),
    revision: z.int(),
    changed: z.boolean().describe('false when the move changed nothing (nothing stored, nobody told)'),
    days: z.array(day),
    startTime: z.string(),
    endTime: z.string(),
    venue: z.string().optional(),
    onlineUrl: z.string().optional(),
    registrationClosesAt: z.string().describe('ISO 8601 with the Europe/Stockholm offset'),
  })
  .meta({ id: 'MeetingMoved' });
