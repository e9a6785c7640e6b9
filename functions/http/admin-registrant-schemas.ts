/** The secretariat's contract for a meeting's registrants and messages, as zod schemas. */
import * as z from 'zod';
import { ROLES } from '../../domain/meetings/registration';
import { hasControlCharacters, line, MeetingRequest, multiLineKeywords } from './schemas';

const day = z.iso.date();

export const registrantStatusParameter = z
  .enum(['confirmed', 'waitlisted', 'cancelled', 'walk-in'])
  .optional();
export const registrantDayParameter = day.optional();
export const registrantMunicipalityParameter = z
  .string()
  .regex(/^\d{4}$/, { message: 'Expected a 4-digit SCB municipality code' })
  .optional();
export const registrantRoleParameter = z.enum(ROLES).optional();
export const registrantSearchParameter = z.string().min(1).max(100).optional();
export const registrantSortParameter = z
  .enum(['registeredAt', 'name', 'municipality'])
  .default('registeredAt');
export const registrantFormatParameter = z.enum(['json', 'csv', 'xlsx']).default('json');

export const Registrant = z
  .object({
    registrationId: z.string(),
    name: z.string(),
    email: z.string(),
    municipalityCode: z.string(),
    role: z.enum(ROLES),
    days: z.array(day),
    dietaryNeeds: z.string().optional(),
    language: z.enum(['sv', 'en']),
    status: z.enum(['confirmed', 'waitlisted', 'cancelled', 'walk-in']),
    queuePosition: z.int().min(1).optional().meta({ description: 'Place in the waiting list, 1 first' }),
    registeredAt: z.iso.datetime(),
    cancelledAt: z.iso.datetime().optional(),
    promotion: z
      .object({ mode: z.enum(['by-choice', 'in-order']), reason: z.string(), at: z.iso.datetime() })
      .optional()
      .meta({ description: 'How, why and when the secretariat gave the seat by hand' }),
    source: z.enum(['secretariat']).optional().meta({ description: 'Entered by the secretariat' }),
    attended: z.array(day).meta({ description: 'Days the registrant was logged present on' }),
  })
  .meta({ id: 'Registrant' });

export const RegistrantList = z
  .object({ meetingId: z.string(), registrations: z.array(Registrant) })
  .meta({ id: 'RegistrantList' });

export const registrationIdParameter = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'Not a registration id' });

export const PromotionRequest = z
  .strictObject({
    reason: line(500).meta({ description: 'Why, for the record (kept with the registration)' }),
  })
  .meta({ id: 'PromotionRequest' });

export const CancelledOnBehalf = z
  .object({ registrationId: z.string(), status: z.literal('cancelled') })
  .meta({ id: 'CancelledOnBehalf' });

export const Promoted = z
  .object({ registrationId: z.string(), status: z.literal('confirmed') })
  .meta({ id: 'Promoted' });

export const MessageRequest = z
  .strictObject({
    subject: line(200),
    text: z
      .string()
      .trim()
      .min(1)
      .max(10_000)
      .refine((value) => !hasControlCharacters(value, true), {
        message: 'Must not contain control characters',
      })
      // Not blank: the document says so with a lookahead, as zod's trim-then-min does.
      .meta({ ...multiLineKeywords, pattern: `^(?=[\\s\\S]*\\S)${multiLineKeywords.pattern.slice(1)}` }),
    audience: z.enum(['confirmed', 'waitlisted', 'attended', 'all']),
    preview: z.boolean().optional().meta({ description: 'Count and render one copy; send nothing (200)' }),
  })
  .meta({ id: 'MessageRequest' });

export const MessageAccepted = z
  .object({
    preview: z.boolean(),
    messageId: z.string().optional(),
    recipients: z.int().min(0),
    sample: z.object({ subject: z.string(), text: z.string(), html: z.string() }).optional(),
  })
  .meta({ id: 'MessageAccepted' });

export const MessageHistory = z
  .object({
    meetingId: z.string(),
    messages: z.array(
      z.object({
        messageId: z.string(),
        subject: z.string(),
        text: z.string(),
        audience: z.enum(['confirmed', 'waitlisted', 'attended', 'all']),
        recipients: z.int().min(0),
        sentAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'MessageHistory' });

export const CloneRequest = z.strictObject({ days: z.array(day).min(1).max(2) }).meta({ id: 'CloneRequest' });

export const MeetingRevisionRequest = z
  .strictObject({
    title: MeetingRequest.shape.title.optional(),
    programme: MeetingRequest.shape.programme,
    speakers: MeetingRequest.shape.speakers,
    partners: MeetingRequest.shape.partners,
    capacity: MeetingRequest.shape.capacity.optional(),
  })
  .refine((revision) => Object.keys(revision).length > 0, { message: 'Say what changes' })
  .meta({
    id: 'MeetingRevisionRequest',
    minProperties: 1,
    description: 'Say what changes: at least one field. Days, times, venue and link: the reschedule route',
  });

export const MeetingRevised = z
  .object({
    id: z.string(),
    changed: z.array(z.enum(['title', 'programme', 'speakers', 'partners', 'capacity'])),
  })
  .meta({ id: 'MeetingRevised' });
