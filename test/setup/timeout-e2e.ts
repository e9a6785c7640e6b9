import { jest } from '@jest/globals';

// A browser against a whole local cloud: each test drives several pages and waits for mail.
jest.setTimeout(180_000);
