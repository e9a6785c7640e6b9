/**
 * Every HTTP route, defined once: the local API Gateway routes by it, the CDK app creates the
 * API routes and functions from it, and the OpenAPI document is generated from it.
 * This module imports no handler code, so infra/ can read it without bundling the SDK.
 */
import type { z } from 'zod';
import { ErrorCode } from '../../domain/errors';
import { type AdminRole, DEFAULT_ADMIN_ROLES } from '../shared/admin-roles';
import { type ApiErrorCode, HttpErrorCode } from '../shared/error-statuses';
import { ErasureResult, PersonalDataExport, PersonRequest } from './admin-people-schemas';
import {
  BillingParty,
  BillingPartyList,
  BillingPartyRequest,
  CreditRequest,
  CreditResult,
  FeePreview,
  FeeSchedule,
  FeeScheduleRequest,
  IndexRequest,
  InvoiceList,
  InvoiceResendAccepted,
  idParameter,
  invoiceNumberParameter,
  languageParameter,
  Municipality,
  MunicipalityList,
  MunicipalityRequest,
  municipalityCodeParameter,
  PopulationImportResult,
  Principal,
  PrincipalList,
  PrincipalRequest,
  reportFormatParameter,
  Survey,
  SurveyRequest,
  sourceParameter,
  TimersRestoring,
  YearClosing,
  YearReportSchema,
  yearParameter,
} from './admin-schemas';
import {
  AttendanceRequest,
  AttendanceResult,
  attendanceDayParameter,
  CancelResult,
  CreatedId,
  EvaluationForm,
  EvaluationRequest,
  EvaluationStored,
  FocusGroupList,
  FocusGroupRequest,
  FocusGroup as FocusGroupSchema,
  focusGroupIdParameter,
  LinkToken,
  MeetingCancelledResult,
  MeetingList,
  MeetingMoved,
  MeetingMoveRequest,
  MeetingRequest,
  Meeting as MeetingSchema,
  meetingIdParameter,
  RegistrationRequest,
  RegistrationResponse,
  RegistrationStanding,
  SubscriptionRequest,
  SubscriptionStatus,
} from './schemas';

export type Access = 'public' | 'admin';

export interface RouteDefinition {
  /** Unique kebab-case name; names the Lambda function. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway style path with `{param}` placeholders. */
  readonly path: string;
  /** Handler entry file, relative to the repository root. */
  readonly entry: string;
  readonly access: Access;
  /**
   * Admin routes: the roles (Cognito groups, `cognito:groups` in the access token) of which the
   * caller needs one; default {@link DEFAULT_ADMIN_ROLES}, the secretariat. Enforced for every
   * route in one place, functions/shared/http-handler.ts, with 403 FORBIDDEN.
   */
  readonly roles?: readonly AdminRole[];
  /** Whether the handler checks e-mail link tokens (gets the token key from Secrets Manager). */
  readonly usesLinkTokens?: boolean;
  readonly summary: string;
  /** The schemas the handler checks its path and query parameters with (`pathParameterAs`, `queryParameterAs`). */
  readonly parameters?: {
    readonly path?: Readonly<Record<string, z.ZodType>>;
    readonly query?: Readonly<Record<string, z.ZodType>>;
  };
  readonly requestBody?: z.ZodType;
  /** A body that is not JSON (e.g. a CSV upload): its media type, for the OpenAPI document. */
  readonly rawRequestBody?: { readonly contentType: string; readonly description: string };
  /** Success status and body schema. */
  readonly success: { status: number; body: z.ZodType | 'openapi' };
  /** Error codes this route can answer with, by status. */
  readonly errors: Readonly<Record<number, readonly ApiErrorCode[]>>;
}

const BAD_BODY = {
  400: [ErrorCode.VALIDATION_FAILED],
  413: [HttpErrorCode.PAYLOAD_TOO_LARGE],
  415: [HttpErrorCode.UNSUPPORTED_MEDIA_TYPE],
} as const;

export const routes: readonly RouteDefinition[] = [
  {
    name: 'get-meetings',
    method: 'GET',
    path: '/api/meetings',
    entry: 'functions/http/get-meetings.ts',
    access: 'public',
    summary: 'Upcoming meetings, soonest first',
    success: { status: 200, body: MeetingList },
    errors: {},
  },
  {
    name: 'get-meeting',
    method: 'GET',
    path: '/api/meetings/{meetingId}',
    entry: 'functions/http/get-meeting.ts',
    access: 'public',
    parameters: { path: { meetingId: meetingIdParameter } },
    summary: 'One meeting',
    success: { status: 200, body: MeetingSchema },
    errors: { 400: [ErrorCode.VALIDATION_FAILED], 404: [ErrorCode.MEETING_NOT_FOUND] },
  },
  {
    name: 'post-registration',
    method: 'POST',
    path: '/api/meetings/{meetingId}/registrations',
    entry: 'functions/http/post-registration.ts',
    access: 'public',
    parameters: { path: { meetingId: meetingIdParameter } },
    summary: 'Register for a meeting; confirmed while seats last, then waitlisted',
    requestBody: RegistrationRequest,
    success: { status: 201, body: RegistrationResponse },
    errors: {
      ...BAD_BODY,
      404: [ErrorCode.MEETING_NOT_FOUND],
      409: [ErrorCode.ALREADY_REGISTERED],
      422: [ErrorCode.NOT_A_MEMBER, ErrorCode.REGISTRATION_CLOSED],
      429: [ErrorCode.MEETING_BUSY],
    },
  },
  {
    name: 'get-registration',
    usesLinkTokens: true,
    method: 'GET',
    path: '/api/registrations/{token}',
    entry: 'functions/http/get-registration.ts',
    access: 'public',
    parameters: { path: { token: LinkToken } },
    summary: 'The meeting and standing of the registration a cancellation link stands for',
    success: { status: 200, body: RegistrationStanding },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      404: [ErrorCode.REGISTRATION_NOT_FOUND],
      422: [ErrorCode.LINK_EXPIRED],
    },
  },
  {
    name: 'post-registration-cancel',
    usesLinkTokens: true,
    method: 'POST',
    path: '/api/registrations/{token}/cancel',
    entry: 'functions/http/post-registration-cancel.ts',
    access: 'public',
    parameters: { path: { token: LinkToken } },
    summary: 'Cancel a registration with the link token from its e-mail; the first waiting is promoted',
    success: { status: 200, body: CancelResult },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      404: [ErrorCode.REGISTRATION_NOT_FOUND],
      422: [ErrorCode.MEETING_STARTED, ErrorCode.LINK_EXPIRED],
      429: [ErrorCode.MEETING_BUSY],
    },
  },
  {
    name: 'get-evaluation',
    method: 'GET',
    path: '/api/evaluations/{token}',
    entry: 'functions/http/get-evaluation.ts',
    access: 'public',
    usesLinkTokens: true,
    parameters: { path: { token: LinkToken } },
    summary: 'The evaluation form of an attendee’s link: meeting title, the two questions, answered yet',
    success: { status: 200, body: EvaluationForm },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      404: [ErrorCode.EVALUATION_NOT_FOUND],
      422: [ErrorCode.LINK_EXPIRED],
    },
  },
  {
    name: 'post-evaluation',
    method: 'POST',
    path: '/api/evaluations/{token}',
    entry: 'functions/http/post-evaluation.ts',
    access: 'public',
    usesLinkTokens: true,
    parameters: { path: { token: LinkToken } },
    summary: 'Answer the evaluation (1–6 twice, optional comment); stored anonymously, once',
    requestBody: EvaluationRequest,
    success: { status: 201, body: EvaluationStored },
    errors: {
      ...BAD_BODY,
      404: [ErrorCode.EVALUATION_NOT_FOUND],
      409: [ErrorCode.ALREADY_ANSWERED],
      422: [ErrorCode.MEETING_NOT_ENDED, ErrorCode.LINK_EXPIRED],
    },
  },
  {
    name: 'post-admin-meeting',
    method: 'POST',
    path: '/api/admin/meetings',
    entry: 'functions/http/post-admin-meeting.ts',
    access: 'admin',
    summary: 'Schedule a meeting (emits MeetingScheduled)',
    requestBody: MeetingRequest,
    success: { status: 201, body: CreatedId },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.FOCUS_GROUP_NOT_FOUND],
    },
  },
  {
    name: 'get-focus-groups',
    method: 'GET',
    path: '/api/focus-groups',
    entry: 'functions/http/get-focus-groups.ts',
    access: 'public',
    summary: 'The focus groups (retired ones marked)',
    success: { status: 200, body: FocusGroupList },
    errors: {},
  },
  {
    name: 'post-focus-group-subscription',
    method: 'POST',
    path: '/api/focus-groups/{focusGroupId}/subscriptions',
    entry: 'functions/http/post-focus-group-subscription.ts',
    access: 'public',
    // The subscriber id is a keyed pseudonym of the address (the link-token key).
    usesLinkTokens: true,
    parameters: { path: { focusGroupId: focusGroupIdParameter } },
    summary: 'Ask to join a focus group’s mailing list; a confirmation link is mailed (double opt-in)',
    requestBody: SubscriptionRequest,
    success: { status: 202, body: SubscriptionStatus },
    errors: { ...BAD_BODY, 404: [ErrorCode.FOCUS_GROUP_NOT_FOUND] },
  },
  {
    name: 'post-subscription-confirm',
    method: 'POST',
    path: '/api/subscriptions/{token}/confirm',
    entry: 'functions/http/post-subscription-confirm.ts',
    access: 'public',
    usesLinkTokens: true,
    parameters: { path: { token: LinkToken } },
    summary: 'Confirm a mailing-list subscription with the link from its e-mail',
    success: { status: 200, body: SubscriptionStatus },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      404: [ErrorCode.SUBSCRIPTION_NOT_FOUND],
      422: [ErrorCode.LINK_EXPIRED],
    },
  },
  {
    name: 'post-subscription-unsubscribe',
    method: 'POST',
    path: '/api/subscriptions/{token}/unsubscribe',
    entry: 'functions/http/post-subscription-unsubscribe.ts',
    access: 'public',
    usesLinkTokens: true,
    parameters: { path: { token: LinkToken } },
    summary: 'Leave a mailing list with the link from any of its e-mails; the address is deleted',
    success: { status: 200, body: SubscriptionStatus },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      404: [ErrorCode.SUBSCRIPTION_NOT_FOUND],
      422: [ErrorCode.LINK_EXPIRED],
    },
  },
  {
    name: 'put-admin-focus-group',
    method: 'PUT',
    path: '/api/admin/focus-groups/{focusGroupId}',
    entry: 'functions/http/put-admin-focus-group.ts',
    access: 'admin',
    parameters: { path: { focusGroupId: idParameter } },
    summary: 'Add, rename or retire a focus group (emits FocusGroupSaved)',
    requestBody: FocusGroupRequest,
    success: { status: 200, body: FocusGroupSchema },
    errors: { ...BAD_BODY, 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'post-admin-meeting-cancel',
    method: 'POST',
    path: '/api/admin/meetings/{meetingId}/cancel',
    entry: 'functions/http/post-admin-meeting-cancel.ts',
    access: 'admin',
    parameters: { path: { meetingId: meetingIdParameter } },
    summary: 'Cancel a meeting (emits MeetingCancelled; registrants are told, calendars get a CANCEL)',
    success: { status: 200, body: MeetingCancelledResult },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.MEETING_NOT_FOUND],
      422: [ErrorCode.MEETING_CANCELLED],
    },
  },
  {
    name: 'post-admin-meeting-reschedule',
    method: 'POST',
    path: '/api/admin/meetings/{meetingId}/reschedule',
    entry: 'functions/http/post-admin-meeting-reschedule.ts',
    access: 'admin',
    parameters: { path: { meetingId: meetingIdParameter } },
    summary:
      'Move a meeting in time or place (emits MeetingRescheduled; registrants get an updated invitation, reminders move)',
    requestBody: MeetingMoveRequest,
    success: { status: 200, body: MeetingMoved },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.MEETING_NOT_FOUND],
      409: [ErrorCode.MEETING_CHANGED],
      422: [ErrorCode.MEETING_CANCELLED, ErrorCode.MEETING_STARTED],
    },
  },
  {
    name: 'post-admin-meeting-attendance',
    method: 'POST',
    path: '/api/admin/meetings/{meetingId}/attendance',
    entry: 'functions/http/post-admin-meeting-attendance.ts',
    access: 'admin',
    // The check-in view of a meeting's days: what the check-in desk needs, and no more.
    roles: ['secretariat', 'check-in'],
    // The key also keys the participant pseudonyms of the statistics.
    usesLinkTokens: true,
    parameters: { path: { meetingId: meetingIdParameter }, query: { day: attendanceDayParameter } },
    summary:
      'Log attendance for one day: JSON (registration ids, e-mails, walk-ins) or a Teams attendance report (text/csv, ?day=)',
    requestBody: AttendanceRequest,
    rawRequestBody: {
      contentType: 'text/csv',
      description:
        'JSON, or the attendance report Teams exports (UTF-16 or UTF-8, tab/comma/semicolon) with ?day=',
    },
    success: { status: 201, body: AttendanceResult },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.MEETING_NOT_FOUND],
      422: [ErrorCode.MEETING_NOT_HELD_YET],
    },
  },
  {
    name: 'get-admin-municipalities',
    method: 'GET',
    path: '/api/admin/municipalities',
    entry: 'functions/http/get-admin-municipalities.ts',
    access: 'admin',
    summary: 'The county’s municipalities with membership periods and invoice details',
    success: { status: 200, body: MunicipalityList },
    errors: { 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'put-admin-municipality',
    method: 'PUT',
    path: '/api/admin/municipalities/{code}',
    entry: 'functions/http/put-admin-municipality.ts',
    access: 'admin',
    parameters: { path: { code: municipalityCodeParameter } },
    summary: 'Create or change a municipality (emits MunicipalitySaved)',
    requestBody: MunicipalityRequest,
    success: { status: 200, body: Municipality },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.BILLING_PARTY_NOT_FOUND],
    },
  },
  {
    name: 'get-admin-billing-parties',
    method: 'GET',
    path: '/api/admin/billing-parties',
    entry: 'functions/http/get-admin-billing-parties.ts',
    access: 'admin',
    summary: 'Billing parties that pay for other members (federations)',
    success: { status: 200, body: BillingPartyList },
    errors: { 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'put-admin-billing-party',
    method: 'PUT',
    path: '/api/admin/billing-parties/{billingPartyId}',
    entry: 'functions/http/put-admin-billing-party.ts',
    access: 'admin',
    parameters: { path: { billingPartyId: idParameter } },
    summary: 'Create or change a billing party (emits BillingPartySaved)',
    requestBody: BillingPartyRequest,
    success: { status: 200, body: BillingParty },
    errors: { ...BAD_BODY, 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'get-admin-principals',
    method: 'GET',
    path: '/api/admin/principals',
    entry: 'functions/http/get-admin-principals.ts',
    access: 'admin',
    summary: 'The organisations that run (and ran) the network, with their periods',
    success: { status: 200, body: PrincipalList },
    errors: { 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'put-admin-principal',
    method: 'PUT',
    path: '/api/admin/principals/{principalId}',
    entry: 'functions/http/put-admin-principal.ts',
    access: 'admin',
    parameters: { path: { principalId: idParameter } },
    summary: 'Create or change a principal and its validity period (emits PrincipalSaved)',
    requestBody: PrincipalRequest,
    success: { status: 200, body: Principal },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      409: [ErrorCode.PRINCIPAL_PERIOD_OVERLAP],
    },
  },
  {
    name: 'post-admin-population',
    method: 'POST',
    path: '/api/admin/population',
    entry: 'functions/http/post-admin-population.ts',
    access: 'admin',
    parameters: { query: { source: sourceParameter } },
    summary: 'Import population figures: SCB’s CSV export or code,year,population (all or nothing)',
    rawRequestBody: {
      contentType: 'text/csv',
      description: 'UTF-8 (with or without BOM) or Latin-1; comma or semicolon separated; at most 1 MB',
    },
    success: { status: 200, body: PopulationImportResult },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      409: [ErrorCode.CONCURRENT_IMPORT],
      422: [ErrorCode.POPULATION_TOO_LARGE],
    },
  },
  {
    name: 'get-admin-fee-schedule',
    method: 'GET',
    path: '/api/admin/fee-schedules/{year}',
    entry: 'functions/http/get-admin-fee-schedule.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary: 'The fee schedule of a year',
    success: { status: 200, body: FeeSchedule },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.FEE_SCHEDULE_NOT_FOUND],
    },
  },
  {
    name: 'put-admin-fee-schedule',
    method: 'PUT',
    path: '/api/admin/fee-schedules/{year}',
    entry: 'functions/http/put-admin-fee-schedule.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary: 'Set the fee schedule of a year by hand (emits FeeScheduleSet)',
    requestBody: FeeScheduleRequest,
    success: { status: 200, body: FeeSchedule },
    errors: { ...BAD_BODY, 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'post-admin-fee-schedule-index',
    method: 'POST',
    path: '/api/admin/fee-schedules/{year}/index',
    entry: 'functions/http/post-admin-fee-schedule-index.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary: 'Derive a year’s schedule from the previous year’s by wage growth (emits FeeScheduleSet)',
    requestBody: IndexRequest,
    success: { status: 201, body: FeeSchedule },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.FEE_SCHEDULE_NOT_FOUND],
    },
  },
  {
    name: 'get-admin-fees',
    method: 'GET',
    path: '/api/admin/fees/{year}',
    entry: 'functions/http/get-admin-fees.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary: 'Preview each member’s fee for a fee year, and who lacks a population figure',
    success: { status: 200, body: FeePreview },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.FEE_SCHEDULE_NOT_FOUND],
    },
  },
  {
    name: 'post-admin-year-close',
    method: 'POST',
    path: '/api/admin/years/{year}/close',
    entry: 'functions/http/post-admin-year-close.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary: 'Close a year (emits YearClosed; the next year’s fees are invoiced)',
    success: { status: 202, body: YearClosing },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      409: [ErrorCode.YEAR_ALREADY_CLOSED],
      422: [ErrorCode.YEAR_NOT_ENDED, ErrorCode.FEE_SCHEDULE_MISSING],
    },
  },
  {
    name: 'get-admin-report',
    method: 'GET',
    path: '/api/admin/reports/{year}',
    entry: 'functions/http/get-admin-report.ts',
    access: 'admin',
    parameters: {
      path: { year: yearParameter },
      query: { format: reportFormatParameter, lang: languageParameter },
    },
    summary:
      'The year report: JSON, or ?format=csv (spreadsheet) or ?format=html (printable, with charts; &lang=en). Frozen when the year is closed.',
    success: { status: 200, body: YearReportSchema },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
    },
  },
  {
    name: 'put-admin-survey',
    method: 'PUT',
    path: '/api/admin/surveys/{year}',
    entry: 'functions/http/put-admin-survey.ts',
    access: 'admin',
    parameters: { path: { year: yearParameter } },
    summary:
      'Record a year’s December survey: respondents, recipients per mailing list, respondents per municipality (emits SurveyRecorded)',
    requestBody: SurveyRequest,
    success: { status: 200, body: Survey },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      422: [ErrorCode.REPORT_FROZEN],
    },
  },
  {
    name: 'get-admin-invoices',
    method: 'GET',
    path: '/api/admin/invoices',
    entry: 'functions/http/get-admin-invoices.ts',
    access: 'admin',
    parameters: { query: { year: yearParameter } },
    summary: 'Invoices of a fee year (`?year=Y`) and the members that were not invoiced',
    success: { status: 200, body: InvoiceList },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
    },
  },
  {
    name: 'post-admin-invoice-credit',
    method: 'POST',
    path: '/api/admin/invoices/{number}/credit',
    entry: 'functions/http/post-admin-invoice-credit.ts',
    access: 'admin',
    parameters: { path: { number: invoiceNumberParameter } },
    summary: 'Credit an invoice with a credit note; optionally issue a corrected invoice',
    requestBody: CreditRequest,
    success: { status: 201, body: CreditResult },
    errors: {
      ...BAD_BODY,
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.INVOICE_NOT_FOUND],
      409: [ErrorCode.INVOICE_ALREADY_CREDITED],
      422: [ErrorCode.NOT_AN_INVOICE, ErrorCode.NO_PRINCIPAL],
    },
  },
  {
    name: 'post-admin-invoice-resend',
    method: 'POST',
    path: '/api/admin/invoices/{number}/resend',
    entry: 'functions/http/post-admin-invoice-resend.ts',
    access: 'admin',
    parameters: { path: { number: invoiceNumberParameter } },
    summary:
      'E-mail an issued invoice or credit note again, as issued (emits InvoiceResendRequested; the mail goes out asynchronously, once per request)',
    success: { status: 202, body: InvoiceResendAccepted },
    errors: {
      400: [ErrorCode.VALIDATION_FAILED],
      401: [HttpErrorCode.UNAUTHORIZED],
      403: [HttpErrorCode.FORBIDDEN],
      404: [ErrorCode.INVOICE_NOT_FOUND],
    },
  },
  {
    name: 'post-admin-timers-restore',
    method: 'POST',
    path: '/api/admin/timers/restore',
    entry: 'functions/http/post-admin-timers-restore.ts',
    access: 'admin',
    // 30 days: TIMER_RESTORE_LOOKBACK_DAYS (domain/meetings/restore-meeting-timers.ts); this module imports no domain code.
    summary:
      'After a hand-over: set the timers (reminders, meeting ends, evaluation reminders) of scheduled meetings that ended at most 30 days ago or lie ahead again (emits MeetingTimersRestoreRequested per meeting)',
    success: { status: 202, body: TimersRestoring },
    errors: { 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'post-admin-people-erase',
    method: 'POST',
    path: '/api/admin/people/erase',
    entry: 'functions/http/post-admin-people-erase.ts',
    access: 'admin',
    usesLinkTokens: true,
    summary:
      'Erase a person (GDPR art. 17): their registrations (a seat for a meeting not yet held is cancelled first) and subscriptions; statistics stay. The address goes in the body. Idempotent; an unknown address answers zero counts (emits PersonErased)',
    requestBody: PersonRequest,
    success: { status: 200, body: ErasureResult },
    errors: { ...BAD_BODY, 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'post-admin-people-export',
    method: 'POST',
    path: '/api/admin/people/export',
    entry: 'functions/http/post-admin-people-export.ts',
    access: 'admin',
    usesLinkTokens: true,
    summary:
      'Everything held about a person (GDPR art. 15): registrations with attendance and evaluation status, subscriptions. The address goes in the body',
    requestBody: PersonRequest,
    success: { status: 200, body: PersonalDataExport },
    errors: { ...BAD_BODY, 401: [HttpErrorCode.UNAUTHORIZED], 403: [HttpErrorCode.FORBIDDEN] },
  },
  {
    name: 'get-openapi',
    method: 'GET',
    path: '/api/openapi.json',
    entry: 'functions/http/get-openapi.ts',
    access: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
    success: { status: 200, body: 'openapi' },
    errors: {},
  },
];

/** Admin routes live under this prefix; both gateways refuse them without a valid token. */
export const ADMIN_PREFIX = '/api/admin/';

/** The roles a route admits: none for a public route (no token needed), one of them for an admin route. */
export const rolesOf = (route: RouteDefinition): readonly AdminRole[] =>
  route.access === 'admin' ? (route.roles ?? DEFAULT_ADMIN_ROLES) : [];
