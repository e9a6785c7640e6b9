import { jest } from '@jest/globals';

// Jest reads `testTimeout` only at the top of its config, not per project, and hooks share it.
// Loopback servers (DynamoDB Local, the local SES, whole local clouds) start in hooks, which on a
// busy two-core machine take as long as a test.
jest.setTimeout(60_000);
