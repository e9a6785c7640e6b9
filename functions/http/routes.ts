/**
 * Every HTTP route, defined once: the local API Gateway routes by it, the CDK app creates the
 * API routes and functions from it, and the OpenAPI document is generated from it.
 * This module imports no handler code, so infra/ can read it without bundling the SDK.
 */
import type { z } from 'zod';
import {
  CreatedId,
  MeetingList,
  MeetingRequest,
  Meeting as MeetingSchema,
  RegistrationRequest,
  RegistrationResponse,
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
  readonly summary: string;
  readonly requestBody?: z.ZodType;
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
