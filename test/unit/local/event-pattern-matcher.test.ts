import { describe, expect, it } from '@jest/globals';
import { type EventPattern, matchesEventPattern } from '../../../local/event-pattern-matcher';

// Patterns and events below are taken from the AWS EventBridge user guide ("Event patterns",
// "Matching on multiple field values", "null values and empty strings", "Content filtering" /
// "Comparison operators") and the aws/event-ruler README that EventBridge is built on.

/** The sample EC2 event used throughout the event-ruler README and the content-filtering docs. */
const ec2Event = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

/** The EC2 sample event with some `detail` fields replaced. */
function ec2With(detail: Record<string, unknown>): Record<string, unknown> {
  return { ...ec2Event, detail: { ...ec2Event.detail, ...detail } };
}

/** A custom event carrying only a `detail` payload. */
function withDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return { source: 'municipal.network', 'detail-type': 'Test', detail };
}

/** From "Matching events on null values and empty strings". */
const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

/** From the event-ruler README "JSON Array Matching" section. */
const employeesEvent = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

const complexPattern: EventPattern = {
  time: [{ prefix: '2017-10-02' }],
  detail: {
    state: [{ 'anything-but': 'initializing' }],
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ 'anything-but': [100, 200, 300] }],
    'source-ip': [{ cidr: '10.0.0.0/8' }],
  },
};

interface Case {
  description: string;
  pattern: EventPattern;
  event: Record<string, unknown>;
  expected: boolean;
}

const cases: Case[] = [
  // --- structure: AND across fields, OR within a leaf, nesting, arrays ---
  {
    description: 'simple match on detail-type, resources and nested detail.state',
    pattern: {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'simple match fails when detail.state is none of the allowed values',
    pattern: {
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['initializing'] },
    },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'a leaf lists alternatives (source is aws.ec2 OR aws.fargate)',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    event: { ...ec2Event, source: 'aws.fargate' },
    expected: true,
  },
  {
    description: 'fields of the event not named in the pattern are ignored',
    pattern: { source: ['aws.ec2'] },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'all fields must match (source matches, detail-type does not)',
    pattern: { source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'] },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'a field named in the pattern but missing from the event does not match',
    pattern: { detail: { 'not-there': ['running'] } },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'an event array matches when any element is an allowed value',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    },
    event: {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    },
    expected: true,
  },
  {
    description: 'an event array does not match when no element is an allowed value',
    pattern: { resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] },
    event: { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
    expected: false,
  },
  {
    description: 'objects inside an event array are matched by a nested pattern',
    pattern: { employees: { firstName: ['Anna'] } },
    event: employeesEvent,
    expected: true,
  },
  {
    description: 'conditions cannot be satisfied by different elements of the same array',
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: employeesEvent,
    expected: false,
  },
  {
    description: 'multi-level arrays are crushed out of the event',
    pattern: { employees: { firstName: ['Peter'] } },
    event: { employees: [[employeesEvent.employees[0]], [employeesEvent.employees[2]]] },
    expected: true,
  },

  // --- exact values: strings, empty string, null, numbers, booleans ---
  {
    description: 'empty string matches an empty string value',
    pattern: { detail: { eventVersion: [''] } },
    event: autoscalingEvent,
    expected: true,
  },
  {
    description: 'null matches a null value',
    pattern: { detail: { responseElements: [null] } },
    event: autoscalingEvent,
    expected: true,
  },
  {
    description: 'empty string does not match a null value',
    pattern: { detail: { responseElements: [''] } },
    event: autoscalingEvent,
    expected: false,
  },
  {
    description: 'null does not match a missing field',
    pattern: { detail: { responseParameters: [null] } },
    event: autoscalingEvent,
    expected: false,
  },
  {
    description: 'a number matches an equal JSON number',
    pattern: { detail: { 'c-count': [5] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'the string "5" does not match the number 5',
    pattern: { detail: { 'c-count': ['5'] } },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'true matches a boolean true',
    pattern: { detail: { enabled: [true] } },
    event: withDetail({ enabled: true }),
    expected: true,
  },
  {
    description: 'the string "true" does not match a boolean true',
    pattern: { detail: { enabled: ['true'] } },
    event: withDetail({ enabled: true }),
    expected: false,
  },

  // --- prefix / suffix ---
  {
    description: 'prefix matches the start of a string (time starts with 2017-10-02)',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'prefix does not match a different start',
    pattern: { time: [{ prefix: '2017-10-03' }] },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'prefix only applies to string values',
    pattern: { detail: { 'c-count': [{ prefix: '5' }] } },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'prefix with equals-ignore-case matches regardless of case',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: withDetail({ service: 'eventbridge' }),
    expected: true,
  },
  {
    description: 'prefix with equals-ignore-case still needs the prefix',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    event: withDetail({ service: 'sqs' }),
    expected: false,
  },
  {
    description: 'suffix matches the end of a string (FileName ends with .png)',
    pattern: { detail: { FileName: [{ suffix: '.png' }] } },
    event: withDetail({ FileName: 'image.png' }),
    expected: true,
  },
  {
    description: 'suffix is case-sensitive by default',
    pattern: { detail: { FileName: [{ suffix: '.png' }] } },
    event: withDetail({ FileName: 'IMAGE.PNG' }),
    expected: false,
  },
  {
    description: 'suffix with equals-ignore-case matches .PNG',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    event: withDetail({ FileName: 'IMAGE.PNG' }),
    expected: true,
  },

  // --- anything-but ---
  {
    description: 'anything-but a string matches any other value',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'anything-but a string rejects that value',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    event: ec2With({ state: 'initializing' }),
    expected: false,
  },
  {
    description: 'anything-but a number matches a different number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'anything-but a list of strings rejects a listed value',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    event: ec2With({ state: 'overloaded' }),
    expected: false,
  },
  {
    description: 'anything-but a list of numbers rejects a listed value',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    event: ec2With({ 'x-limit': 200 }),
    expected: false,
  },
  {
    description: 'anything-but prefix matches a value without that prefix (own events, not aws.*)',
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    event: withDetail({}),
    expected: true,
  },
  {
    description: 'anything-but prefix rejects a value with that prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    event: ec2With({ state: 'initializing' }),
    expected: false,
  },
  {
    description: 'anything-but suffix rejects a value with that suffix',
    pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.png' } }] } },
    event: withDetail({ FileName: 'image.png' }),
    expected: false,
  },
  {
    description: 'anything-but equals-ignore-case rejects any casing of the value',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
    event: ec2With({ state: 'INITIALIZING' }),
    expected: false,
  },
  {
    description: 'anything-but wildcard rejects a path that includes /lib/',
    pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    event: withDetail({ FilePath: '/usr/lib/libc.so' }),
    expected: false,
  },
  {
    description: 'anything-but wildcard matches a path without /lib/',
    pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    event: withDetail({ FilePath: '/usr/bin/node' }),
    expected: true,
  },
  {
    description: 'anything-but does not match a missing field',
    pattern: { detail: { color: [{ 'anything-but': 'red' }] } },
    event: withDetail({}),
    expected: false,
  },
  {
    description: 'anything-but matches a null value',
    pattern: { detail: { foo: [{ 'anything-but': ['baz'] }] } },
    event: withDetail({ foo: null }),
    expected: true,
  },
  {
    description: 'anything-but on an array rejects when every element is excluded',
    pattern: { detail: { category: [{ 'anything-but': ['blocked'] }] } },
    event: withDetail({ category: ['blocked'] }),
    expected: false,
  },

  {
    description: 'anything-but on an array matches when some element is not excluded (per-element rule)',
    pattern: { detail: { category: [{ 'anything-but': ['blocked'] }] } },
    event: withDetail({ category: ['blocked', 'open'] }),
    expected: true,
  },

  // --- numeric ---
  {
    description: 'numeric ranges and equality from the docs all hold',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'numeric lower bound is exclusive for ">"',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } },
    event: ec2With({ 'c-count': 0 }),
    expected: false,
  },
  {
    description: 'numeric upper bound is exclusive for "<"',
    pattern: { detail: { 'd-count': [{ numeric: ['<', 10] }] } },
    event: ec2With({ 'd-count': 10 }),
    expected: false,
  },
  {
    description: 'numeric ">=" includes its bound',
    pattern: { detail: { 'c-count': [{ numeric: ['>=', 5] }] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'numeric only applies to JSON numbers, not numeric strings',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0] }] } },
    event: ec2With({ 'c-count': '5' }),
    expected: false,
  },

  // --- exists ---
  {
    description: 'exists true matches a present field',
    pattern: { detail: { state: [{ exists: true }] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'exists true does not match a missing field',
    pattern: { detail: { state: [{ exists: true }] } },
    event: withDetail({ 'c-count': { c1: 100 } }),
    expected: false,
  },
  {
    description: 'exists false matches a missing field',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: withDetail({ state: ['initializing', 'running'] }),
    expected: true,
  },
  {
    description: 'exists false does not match a present field',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: ec2Event,
    expected: false,
  },
  {
    description: 'exists false matches an intermediate (object) node, since exists only sees leaves',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: withDetail({ state: ['initializing', 'running'], 'c-count': { c1: 100 } }),
    expected: true,
  },
  {
    description: 'exists true does not match an intermediate (object) node',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    event: withDetail({ 'c-count': { c1: 100 } }),
    expected: false,
  },
  {
    description: 'exists true matches a field whose value is null',
    pattern: { detail: { responseElements: [{ exists: true }] } },
    event: autoscalingEvent,
    expected: true,
  },
  {
    description: 'exists false matches when the parent object is missing too',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    event: { source: 'aws.ec2' },
    expected: true,
  },

  // --- equals-ignore-case ---
  {
    description: 'equals-ignore-case matches any casing',
    pattern: { detail: { Name: [{ 'equals-ignore-case': 'alice' }] } },
    event: withDetail({ Name: 'Alice' }),
    expected: true,
  },
  {
    description: 'equals-ignore-case still requires the whole value',
    pattern: { detail: { Name: [{ 'equals-ignore-case': 'alice' }] } },
    event: withDetail({ Name: 'Alicia' }),
    expected: false,
  },

  // --- wildcard ---
  {
    description: 'wildcard matches any run of characters',
    pattern: { source: [{ wildcard: 'Simple*Service' }] },
    event: { source: 'SimpleQueueService' },
    expected: true,
  },
  {
    description: 'wildcard also matches zero characters',
    pattern: { source: [{ wildcard: 'Simple*Service' }] },
    event: { source: 'SimpleService' },
    expected: true,
  },
  {
    description: 'wildcard must match the whole value',
    pattern: { source: [{ wildcard: 'Simple*Service' }] },
    event: { source: 'SimpleQueueServices' },
    expected: false,
  },
  {
    description: 'wildcard in an event bus ARN matches any account',
    pattern: { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
    event: withDetail({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/municipal' }),
    expected: true,
  },
  {
    description: 'wildcard in an event bus ARN still pins the region',
    pattern: { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } },
    event: withDetail({ EventBusArn: 'arn:aws:events:eu-north-1:123456789012:event-bus/municipal' }),
    expected: false,
  },
  {
    description: 'an escaped \\* matches a literal asterisk',
    pattern: { detail: { note: [{ wildcard: 'a\\*b' }] } },
    event: withDetail({ note: 'a*b' }),
    expected: true,
  },
  {
    description: 'an escaped \\* is not a wildcard',
    pattern: { detail: { note: [{ wildcard: 'a\\*b' }] } },
    event: withDetail({ note: 'axxb' }),
    expected: false,
  },

  // --- cidr ---
  {
    description: 'cidr matches an address inside the block',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    event: ec2Event,
    expected: true,
  },
  {
    description: 'cidr does not match an address outside the block',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
    event: ec2With({ 'source-ip': '10.0.1.33' }),
    expected: false,
  },
  {
    description: 'cidr does not match a value that is not an IP address',
    pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
    event: ec2With({ 'source-ip': 'localhost' }),
    expected: false,
  },

  // --- $or ---
  {
    description: '$or matches when one alternative holds (source && (metricName || namespace))',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    },
    event: { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
    expected: true,
  },
  {
    description: '$or does not match when no alternative holds',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    },
    event: { source: 'aws.cloudwatch', namespace: 'AWS/Lambda' },
    expected: false,
  },
  {
    description: '$or nested inside detail, with an AND inside an alternative',
    pattern: {
      detail: {
        $or: [{ state: ['stopped'] }, { state: ['running'], 'instance-id': [{ prefix: 'i-' }] }],
      },
    },
    event: ec2Event,
    expected: true,
  },

  // --- combined ---
  {
    description: 'the complex example combining prefix, anything-but, numeric and cidr matches',
    pattern: complexPattern,
    event: ec2Event,
    expected: true,
  },
  {
    description: 'the complex example fails when one field (x-limit) is excluded',
    pattern: complexPattern,
    event: ec2With({ 'x-limit': 300 }),
    expected: false,
  },
];

const malformedPatterns: Array<{ description: string; pattern: EventPattern; message: RegExp }> = [
  {
    description: 'a leaf that is a bare string',
    pattern: { source: 'aws.ec2' },
    message: /at source: .*array/,
  },
  {
    description: 'a leaf that is a bare number',
    pattern: { detail: { count: 5 } },
    message: /at detail\.count: /,
  },
  { description: 'an empty leaf array', pattern: { source: [] }, message: /at least one value/ },
  {
    description: 'a nested array in a leaf',
    pattern: { source: [['aws.ec2']] },
    message: /unsupported value/,
  },
  {
    description: 'an unknown filter operator',
    pattern: { source: [{ 'starts-with': 'aws.' }] },
    message: /unknown filter operator/,
  },
  {
    description: 'a filter with two operators',
    pattern: { source: [{ prefix: 'aws.', suffix: 'ec2' }] },
    message: /exactly one operator/,
  },
  {
    description: 'a non-string prefix',
    pattern: { source: [{ prefix: 5 }] },
    message: /at source \(prefix\): /,
  },
  {
    description: 'exists with a non-boolean',
    pattern: { source: [{ exists: 'yes' }] },
    message: /true or false/,
  },
  {
    description: 'numeric with an unknown operator',
    pattern: { n: [{ numeric: ['!=', 5] }] },
    message: /invalid comparison/,
  },
  {
    description: 'numeric with an operator name inherited from Object.prototype',
    pattern: { n: [{ numeric: ['constructor', 5] }] },
    message: /invalid comparison/,
  },
  {
    description: 'numeric with a string bound',
    pattern: { n: [{ numeric: ['>', 'five'] }] },
    message: /invalid comparison/,
  },
  {
    description: 'numeric "=" combined with a bound',
    pattern: { n: [{ numeric: ['=', 5, '<', 10] }] },
    message: /must stand alone/,
  },
  {
    description: 'numeric with a dangling operator',
    pattern: { n: [{ numeric: ['>'] }] },
    message: /expects/,
  },
  {
    description: 'anything-but with a boolean list',
    pattern: { s: [{ 'anything-but': [true] }] },
    message: /only strings or only numbers/,
  },
  {
    description: 'anything-but with a mixed list',
    pattern: { s: [{ 'anything-but': ['a', 1] }] },
    message: /only strings or only numbers/,
  },
  {
    description: 'anything-but with a list of prefixes',
    pattern: { s: [{ 'anything-but': { prefix: ['a', 'b'] } }] },
    message: /expects a string/,
  },
  {
    description: 'anything-but with an unknown nested operator',
    pattern: { s: [{ 'anything-but': { numeric: ['>', 1] } }] },
    message: /unsupported operand/,
  },
  { description: 'consecutive wildcards', pattern: { s: [{ wildcard: 'a**b' }] }, message: /consecutive/ },
  { description: 'an invalid wildcard escape', pattern: { s: [{ wildcard: 'a\\b' }] }, message: /escaped/ },
  {
    description: 'a cidr without a prefix length',
    pattern: { ip: [{ cidr: '10.0.0.0' }] },
    message: /IPv4 CIDR/,
  },
  {
    description: 'a cidr with a bad octet',
    pattern: { ip: [{ cidr: '10.0.0.300/24' }] },
    message: /IPv4 CIDR/,
  },
  { description: 'an IPv6 cidr', pattern: { ip: [{ cidr: '2001:db8::/32' }] }, message: /IPv4 CIDR/ },
  { description: '$or with a single pattern', pattern: { $or: [{ a: ['x'] }] }, message: /at least two/ },
  { description: '$or that is not an array', pattern: { $or: { a: ['x'] } }, message: /at least two/ },
  {
    description: 'a malformed branch that the event would never reach',
    pattern: { source: ['nope'], detail: { x: [{ prefix: 1 }] } },
    message: /at detail\.x \(prefix\): /,
  },
];

describe('matchesEventPattern', () => {
  it.each(cases)('$description', ({ pattern, event, expected }) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it.each(malformedPatterns)('rejects $description', ({ pattern, message }) => {
    expect(() => matchesEventPattern(pattern, ec2Event)).toThrow(message);
  });

  it('matches everything with an empty pattern', () => {
    expect(matchesEventPattern({}, ec2Event)).toBe(true);
  });
});
