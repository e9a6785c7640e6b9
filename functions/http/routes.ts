/**
 * Every HTTP route, defined once: the local API Gateway routes by it, the CDK app creates the
 * API routes and functions from it, and the OpenAPI document is generated from it.
 * This module imports no handler code, so infra/ can read it without bundling the SDK.
 */
import type { z } from 'zod';
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
  Municipality,
  MunicipalityList,
  MunicipalityRequest,
  PopulationImportResult,
  Principal,
  PrincipalList,
  PrincipalRequest,
  YearClosing,
} from './admin-schemas';
import {
  AttendanceRequest,
  AttendanceResult,
  CancelResult,
  CreatedId,
  FocusGroupList,
  FocusGroupRequest,
  FocusGroup as FocusGroupSchema,
  MeetingList,
  MeetingRequest,
  Meeting as MeetingSchema,
  RegistrationRequest,
  RegistrationResponse,
  RegistrationStanding,
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
  /** Whether the handler checks e-mail link tokens (gets the token key from Secrets Manager). */
  readonly usesLinkTokens?: boolean;
  readonly summary: string;
  readonly requestBody?: z.ZodType;
  /** A body that is not JSON (e.g. a CSV upload): its media type, for the OpenAPI document. */
  readonly rawRequestBody?: { readonly contentType: string; readonly description: string };
  /** Success status and body schema. */
  readonly success: { status: number; body: z.ZodType | 'openapi' };
  /** Error codes this route can answer with, by status. */
  readonly errors: Readonly<Record<number, readonly string[]>>;
}

const BAD_BODY = {
  400: ['VALIDATION_FAILED'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
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
    summary: 'One meeting',
    success: { status: 200, body: MeetingSchema },
    errors: { 404: ['MEETING_NOT_FOUND'] },
  },
  {
    name: 'post-registration',
    method: 'POST',
    path: '/api/meetings/{meetingId}/registrations',
    entry: 'functions/http/post-registration.ts',
    access: 'public',
    summary: 'Register for a meeting; confirmed while seats last, then waitlisted',
    requestBody: RegistrationRequest,
    success: { status: 201, body: RegistrationResponse },
    errors: {
      ...BAD_BODY,
      404: ['MEETING_NOT_FOUND'],
      409: ['ALREADY_REGISTERED'],
      422: ['NOT_A_MEMBER', 'REGISTRATION_CLOSED'],
    },
  },
  {
    name: 'get-registration',
    usesLinkTokens: true,
    method: 'GET',
    path: '/api/registrations/{token}',
    entry: 'functions/http/get-registration.ts',
    access: 'public',
    summary: 'The meeting and standing of the registration a cancellation link stands for',
    success: { status: 200, body: RegistrationStanding },
    errors: { 400: ['VALIDATION_FAILED'], 404: ['REGISTRATION_NOT_FOUND'] },
  },
  {
    name: 'post-registration-cancel',
    usesLinkTokens: true,
    method: 'POST',
    path: '/api/registrations/{token}/cancel',
    entry: 'functions/http/post-registration-cancel.ts',
    access: 'public',
    summary: 'Cancel a registration with the link token from its e-mail; the first waiting is promoted',
    success: { status: 200, body: CancelResult },
    errors: { 400: ['VALIDATION_FAILED'], 404: ['REGISTRATION_NOT_FOUND'], 422: ['MEETING_STARTED'] },
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
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'], 404: ['FOCUS_GROUP_NOT_FOUND'] },
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
    name: 'put-admin-focus-group',
    method: 'PUT',
    path: '/api/admin/focus-groups/{focusGroupId}',
    entry: 'functions/http/put-admin-focus-group.ts',
    access: 'admin',
    summary: 'Add, rename or retire a focus group (emits FocusGroupSaved)',
    requestBody: FocusGroupRequest,
    success: { status: 200, body: FocusGroupSchema },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'post-admin-meeting-attendance',
    method: 'POST',
    path: '/api/admin/meetings/{meetingId}/attendance',
    entry: 'functions/http/post-admin-meeting-attendance.ts',
    access: 'admin',
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
      401: ['UNAUTHORIZED'],
      404: ['MEETING_NOT_FOUND'],
      422: ['MEETING_NOT_HELD_YET'],
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
    errors: { 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'put-admin-municipality',
    method: 'PUT',
    path: '/api/admin/municipalities/{code}',
    entry: 'functions/http/put-admin-municipality.ts',
    access: 'admin',
    summary: 'Create or change a municipality (emits MunicipalitySaved)',
    requestBody: MunicipalityRequest,
    success: { status: 200, body: Municipality },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'], 404: ['BILLING_PARTY_NOT_FOUND'] },
  },
  {
    name: 'get-admin-billing-parties',
    method: 'GET',
    path: '/api/admin/billing-parties',
    entry: 'functions/http/get-admin-billing-parties.ts',
    access: 'admin',
    summary: 'Billing parties that pay for other members (federations)',
    success: { status: 200, body: BillingPartyList },
    errors: { 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'put-admin-billing-party',
    method: 'PUT',
    path: '/api/admin/billing-parties/{billingPartyId}',
    entry: 'functions/http/put-admin-billing-party.ts',
    access: 'admin',
    summary: 'Create or change a billing party (emits BillingPartySaved)',
    requestBody: BillingPartyRequest,
    success: { status: 200, body: BillingParty },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'get-admin-principals',
    method: 'GET',
    path: '/api/admin/principals',
    entry: 'functions/http/get-admin-principals.ts',
    access: 'admin',
    summary: 'The organisations that run (and ran) the network, with their periods',
    success: { status: 200, body: PrincipalList },
    errors: { 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'put-admin-principal',
    method: 'PUT',
    path: '/api/admin/principals/{principalId}',
    entry: 'functions/http/put-admin-principal.ts',
    access: 'admin',
    summary: 'Create or change a principal and its validity period (emits PrincipalSaved)',
    requestBody: PrincipalRequest,
    success: { status: 200, body: Principal },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'], 409: ['PRINCIPAL_PERIOD_OVERLAP'] },
  },
  {
    name: 'post-admin-population',
    method: 'POST',
    path: '/api/admin/population',
    entry: 'functions/http/post-admin-population.ts',
    access: 'admin',
    summary: 'Import population figures: SCB’s CSV export or code,year,population (all or nothing)',
    rawRequestBody: {
      contentType: 'text/csv',
      description: 'UTF-8 (with or without BOM) or Latin-1; comma or semicolon separated; at most 1 MB',
    },
    success: { status: 200, body: PopulationImportResult },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'], 409: ['CONCURRENT_IMPORT'] },
  },
  {
    name: 'get-admin-fee-schedule',
    method: 'GET',
    path: '/api/admin/fee-schedules/{year}',
    entry: 'functions/http/get-admin-fee-schedule.ts',
    access: 'admin',
    summary: 'The fee schedule of a year',
    success: { status: 200, body: FeeSchedule },
    errors: { 400: ['VALIDATION_FAILED'], 401: ['UNAUTHORIZED'], 404: ['FEE_SCHEDULE_NOT_FOUND'] },
  },
  {
    name: 'put-admin-fee-schedule',
    method: 'PUT',
    path: '/api/admin/fee-schedules/{year}',
    entry: 'functions/http/put-admin-fee-schedule.ts',
    access: 'admin',
    summary: 'Set the fee schedule of a year by hand (emits FeeScheduleSet)',
    requestBody: FeeScheduleRequest,
    success: { status: 200, body: FeeSchedule },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'post-admin-fee-schedule-index',
    method: 'POST',
    path: '/api/admin/fee-schedules/{year}/index',
    entry: 'functions/http/post-admin-fee-schedule-index.ts',
    access: 'admin',
    summary: 'Derive a year’s schedule from the previous year’s by wage growth (emits FeeScheduleSet)',
    requestBody: IndexRequest,
    success: { status: 201, body: FeeSchedule },
    errors: { ...BAD_BODY, 401: ['UNAUTHORIZED'], 404: ['FEE_SCHEDULE_NOT_FOUND'] },
  },
  {
    name: 'get-admin-fees',
    method: 'GET',
    path: '/api/admin/fees/{year}',
    entry: 'functions/http/get-admin-fees.ts',
    access: 'admin',
    summary: 'Preview each member’s fee for a fee year, and who lacks a population figure',
    success: { status: 200, body: FeePreview },
    errors: { 400: ['VALIDATION_FAILED'], 401: ['UNAUTHORIZED'], 404: ['FEE_SCHEDULE_NOT_FOUND'] },
  },
  {
    name: 'post-admin-year-close',
    method: 'POST',
    path: '/api/admin/years/{year}/close',
    entry: 'functions/http/post-admin-year-close.ts',
    access: 'admin',
    summary: 'Close a year (emits YearClosed; the next year’s fees are invoiced)',
    success: { status: 202, body: YearClosing },
    errors: {
      400: ['VALIDATION_FAILED'],
      401: ['UNAUTHORIZED'],
      409: ['YEAR_ALREADY_CLOSED'],
      422: ['YEAR_NOT_ENDED', 'FEE_SCHEDULE_MISSING'],
    },
  },
  {
    name: 'get-admin-invoices',
    method: 'GET',
    path: '/api/admin/invoices',
    entry: 'functions/http/get-admin-invoices.ts',
    access: 'admin',
    summary: 'Invoices of a fee year (`?year=Y`) and the members that were not invoiced',
    success: { status: 200, body: InvoiceList },
    errors: { 400: ['VALIDATION_FAILED'], 401: ['UNAUTHORIZED'] },
  },
  {
    name: 'post-admin-invoice-credit',
    method: 'POST',
    path: '/api/admin/invoices/{number}/credit',
    entry: 'functions/http/post-admin-invoice-credit.ts',
    access: 'admin',
    summary: 'Credit an invoice with a credit note; optionally issue a corrected invoice',
    requestBody: CreditRequest,
    success: { status: 201, body: CreditResult },
    errors: {
      ...BAD_BODY,
      401: ['UNAUTHORIZED'],
      404: ['INVOICE_NOT_FOUND'],
      409: ['INVOICE_ALREADY_CREDITED'],
      422: ['NOT_AN_INVOICE', 'NO_PRINCIPAL'],
    },
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
