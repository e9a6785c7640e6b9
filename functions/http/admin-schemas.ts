/** The secretariat's admin contract (members, population, fees, years, invoices) as zod schemas. */
import * as z from 'zod';
import { hundredthsOfPercent } from '../../domain/fees/hundredths';
import { line } from './schemas';

const day = z.iso.date();
const email = z.email({ message: 'Expected an e-mail address' }).max(254);

/** Swedish organisation number, NNNNNN-NNNN. */
const organisationNumber = z.string().regex(/^\d{6}-\d{4}$/, { message: 'Expected NNNNNN-NNNN' });

export const PostalAddress = z
  .strictObject({
    street: line(200),
    postalCode: z.string().regex(/^\d{3} ?\d{2}$/, { message: 'Expected a Swedish postal code, NNN NN' }),
    city: line(100),
  })
  .meta({ id: 'PostalAddress' });

export const MunicipalityRequest = z
  .strictObject({
    name: line(100),
    legalName: line(200).optional(),
    organisationNumber: organisationNumber.optional(),
    invoiceEmail: email.optional(),
    postalAddress: PostalAddress.optional(),
    peppolId: line(100).optional(),
    billingPartyId: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(64)
      .optional(),
    memberships: z.array(z.strictObject({ from: day, to: day.optional() })).max(50),
  })
  .meta({ id: 'MunicipalityRequest' });

export const Municipality = MunicipalityRequest.extend({ code: z.string() }).meta({ id: 'Municipality' });

export const BillingPartyRequest = z
  .strictObject({
    name: line(200),
    organisationNumber: organisationNumber.optional(),
    invoiceEmail: email,
    postalAddress: PostalAddress,
    peppolId: line(100).optional(),
  })
  .meta({ id: 'BillingPartyRequest' });

export const BillingParty = BillingPartyRequest.extend({ id: z.string() }).meta({ id: 'BillingParty' });

export const PrincipalRequest = z
  .strictObject({
    name: line(200),
    organisationNumber,
    bankgiro: z
      .string()
      .regex(/^\d{3,4}-\d{4}$/, { message: 'Expected a bankgiro number, NNN-NNNN or NNNN-NNNN' }),
    senderEmail: email,
    postalAddress: PostalAddress,
    validFrom: day,
    validTo: day.optional(),
    firstInvoiceNumber: z.int().min(1).max(999_999_999),
    paymentTermsDays: z.int().min(0).max(120).default(30),
    example: z.boolean().optional(),
  })
  .meta({ id: 'PrincipalRequest' });

export const Principal = PrincipalRequest.extend({ id: z.string() }).meta({ id: 'Principal' });

/** Two decimals, checked the way the domain computes (value × 100 is not exact in binary). */
const twoDecimals = (value: number) => hundredthsOfPercent(value) !== undefined;

/** JSON Schema cannot say "two decimals" for binary floats (`multipleOf: 0.01` refuses 0.07), so it is named. */
const twoDecimalsKeywords = { description: 'At most two decimals' } as const;

const percent = z
  .number()
  .min(0)
  .max(100)
  .refine(twoDecimals, { message: 'At most two decimals' })
  .meta(twoDecimalsKeywords);

export const FeeScheduleRequest = z
  .strictObject({
    orePerInhabitant: z.int().min(0).max(100_000),
    floorOre: z.int().min(0).max(100_000_000_00),
    capOre: z.int().min(0).max(100_000_000_00),
    vatPercent: percent,
    partialYearPolicy: z.enum(['full-year', 'pro-rata-by-month', 'none']).optional(),
    example: z.boolean().optional(),
  })
  .meta({ id: 'FeeScheduleRequest' });

export const FeeSchedule = FeeScheduleRequest.extend({
  year: z.int(),
  partialYearPolicy: z.enum(['full-year', 'pro-rata-by-month', 'none']),
  indexedFrom: z.object({ year: z.int(), wageGrowthPercent: z.number() }).optional(),
}).meta({ id: 'FeeSchedule' });

export const IndexRequest = z
  .strictObject({
    wageGrowthPercent: z
      .number()
      .min(-50)
      .max(100)
      .refine(twoDecimals, { message: 'At most two decimals' })
      .meta(twoDecimalsKeywords)
      .optional(),
  })
  .meta({ id: 'IndexRequest' });

export const FeePreview = z
  .object({
    year: z.int(),
    schedule: FeeSchedule,
    lines: z.array(
      z.object({
        municipalityCode: z.string(),
        billingPartyId: z.string(),
        population: z.int(),
        populationDate: day,
        feeOre: z.int(),
        basis: z.enum(['rate', 'floor', 'cap', 'pro-rata']),
        months: z.int().optional(),
      }),
    ),
    totalOre: z.int(),
    missingPopulation: z.array(z.string()),
  })
  .meta({ id: 'FeePreview' });

export const PopulationImportResult = z
  .object({
    layout: z.enum(['scb', 'plain']),
    encoding: z.enum(['utf-8', 'latin-1']),
    figures: z.int(),
    changed: z.int(),
    unchanged: z.int(),
    years: z.array(z.int()),
  })
  .meta({ id: 'PopulationImportResult' });

export const YearClosing = z
  .object({ year: z.int(), closedAt: z.string(), status: z.literal('closing') })
  .meta({ id: 'YearClosing' });

export const InvoiceList = z
  .object({
    year: z.int(),
    invoices: z.array(
      z.object({
        number: z.int(),
        kind: z.enum(['invoice', 'credit-note']),
        billingPartyId: z.string(),
        lines: z.array(z.object({ municipalityCode: z.string(), feeOre: z.int() })),
        netOre: z.int(),
        vatOre: z.int(),
        totalOre: z.int(),
        ocr: z.string(),
        invoiceDate: day,
        dueDate: day,
        status: z.enum(['issued', 'credited']),
        creditOf: z.int().optional(),
      }),
    ),
    notInvoiced: z.array(z.object({ municipalityCode: z.string(), reason: z.string() })),
  })
  .meta({ id: 'InvoiceList' });

export const CreditRequest = z
  .strictObject({ reissue: z.boolean().default(false) })
  .meta({ id: 'CreditRequest' });
export const CreditResult = z
  .object({ creditNote: z.int(), correctedInvoice: z.int().optional() })
  .meta({ id: 'CreditResult' });

export const InvoiceResendAccepted = z
  .object({
    number: z.int(),
    /** The id of the request (its InvoiceResendRequested event): each request mails once. */
    requestId: z.string(),
  })
  .meta({ id: 'InvoiceResendAccepted' });

export const TimersRestoring = z
  .object({
    /** Meetings whose timers are being set again (one MeetingTimersRestoreRequested each). */
    meetings: z.int(),
  })
  .meta({ id: 'TimersRestoring' });

export const MunicipalityList = z
  .object({ municipalities: z.array(Municipality) })
  .meta({ id: 'MunicipalityList' });
export const BillingPartyList = z
  .object({ billingParties: z.array(BillingParty) })
  .meta({ id: 'BillingPartyList' });
export const PrincipalList = z.object({ principals: z.array(Principal) }).meta({ id: 'PrincipalList' });

/** A year in a path: a plausible calendar year. */
export const yearParameter = z
  .string()
  .regex(/^\d{4}$/, { message: 'Expected a four-digit year' })
  .transform(Number)
  .pipe(z.int().min(2000).max(2100))
  // The document sees only the string before the transform; the range after it, as a pattern.
  .meta({ pattern: '^(?:20\\d{2}|2100)$', description: 'A year from 2000 to 2100' });
export const municipalityCodeParameter = z
  .string()
  .regex(/^\d{4}$/, { message: 'Expected a 4-digit SCB code' });
export const idParameter = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Expected a kebab-case id' })
  .max(64)
  // A four-digit id would collide with a municipality paying for itself (its billing party id is its code).
  .refine((id) => !/^\d{4}$/.test(id), { message: 'A billing party id cannot be a municipality code' })
  .meta({ not: { pattern: '^\\d{4}$' }, description: 'Kebab-case; not four digits (a municipality code)' });
export const invoiceNumberParameter = z
  .string()
  .regex(/^[1-9]\d{0,11}$/, { message: 'Expected an invoice number' })
  .transform(Number);

/** The source label of a population upload (a query parameter): one line of text. */
export const sourceParameter = line(200).optional();

const rating = z.object({
  mean: z.number().nullable(),
  distribution: z.array(z.int()).length(6).describe('answers 1, 2, …, 6'),
  answers: z.int(),
});
const meetingCounts = z.object({ total: z.int(), physical: z.int(), digital: z.int(), twoDay: z.int() });
const participation = z.object({
  registrations: z.int(),
  cancellations: z.int(),
  participations: z.int().describe('a person at a meeting counts once, whatever the number of days'),
  personDays: z.int().describe('a person counts once per day present'),
  unique: z.int(),
  walkIns: z.int(),
  noShows: z.int(),
});

export const YearReportSchema = z
  .object({
    year: z.int(),
    generatedAt: z.string(),
    frozenAt: z.string().optional().describe('when the year was closed and these figures frozen'),
    members: z.object({
      count: z.int(),
      joined: z.array(z.string()),
      left: z.array(z.string()),
      names: z.record(z.string(), z.string()),
    }),
    meetings: meetingCounts.extend({ byFocusGroup: z.record(z.string(), meetingCounts), cancelled: z.int() }),
    participants: participation.extend({
      byFocusGroup: z.record(z.string(), participation),
      byKind: z.record(z.string(), participation),
      byMunicipality: z.record(z.string(), participation),
      byRole: z.record(z.string(), participation),
    }),
    ratings: z.object({
      satisfaction: rating,
      usefulness: rating,
      responseRate: z.number().nullable(),
      byFocusGroup: z.record(z.string(), z.object({ satisfaction: rating, usefulness: rating })),
    }),
    perMeeting: z.array(
      z.object({
        meetingId: z.string(),
        title: z.string(),
        focusGroupId: z.string(),
        kind: z.enum(['physical', 'digital']),
        days: z.array(z.string()),
        registrations: z.int(),
        participations: z.int(),
        noShows: z.int(),
        satisfaction: rating,
        usefulness: rating,
        responseRate: z.number().nullable(),
      }),
    ),
    survey: z.object({
      respondentsByYear: z.record(z.string(), z.int()),
      thisYear: z
        .object({
          year: z.int(),
          respondents: z.int(),
          recipientsByList: z.record(z.string(), z.int()).optional(),
          respondentsByMunicipality: z.record(z.string(), z.int()).optional(),
        })
        .optional(),
    }),
    focusGroupNames: z.record(z.string(), z.object({ sv: z.string(), en: z.string() })),
  })
  .meta({ id: 'YearReport' });

export const reportFormatParameter = z.enum(['json', 'csv', 'html']).default('json');
export const languageParameter = z.enum(['sv', 'en']).default('sv');

const count = z.int().min(0).max(1_000_000);
export const SurveyRequest = z
  .strictObject({
    respondents: count,
    recipientsByList: z
      .record(
        z
          .string()
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'Expected a focus group id' })
          .max(64),
        count,
      )
      .optional(),
    respondentsByMunicipality: z
      .record(z.string().regex(/^\d{4}$/, { message: 'Expected an SCB municipality code' }), count)
      .optional(),
  })
  .meta({ id: 'SurveyRequest' });

export const Survey = SurveyRequest.extend({ year: z.int() }).meta({ id: 'Survey' });
