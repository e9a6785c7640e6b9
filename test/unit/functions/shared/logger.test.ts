import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { describe, expect, it } from '@jest/globals';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { describeError, logger, powertoolsLogger } from '../../../../functions/shared/logger';

describe('describeError', () => {
  it('masks e-mail addresses that an AWS error message quotes, also in the cause', () => {
    // Arrange
    const error = new Error(
      'Email address is not verified. The following identities failed the check: kim@kommun.example',
      {
        cause: new Error('rejected <a.b+c@x.example>'),
      },
    );
    // Act
    const described = JSON.stringify(describeError(error));
    // Assert
    expect(described).not.toContain('kim@kommun.example');
    expect(described).not.toContain('a.b+c@x.example');
    expect(described).toContain('failed the check: [e-mail]');
  });
});

describe('the log level', () => {
  it('stays as LOG_LEVEL says across warm invocations, which Powertools resets to its first level', async () => {
    // Arrange: a handler wrapped as every HTTP function is; it logs one line per invocation
    const lines: string[] = [];
    const write = process.stdout.write;
    const before = process.env.LOG_LEVEL;
    process.stdout.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const handler = middy(async () => {
      logger.info('handled');
    }).use(injectLambdaContext(powertoolsLogger, { resetKeys: true }));
    const context = {
      functionName: 'post-registration',
      awsRequestId: 'request',
      getRemainingTimeInMillis: () => 1000,
    } as unknown as Context;
    try {
      process.env.LOG_LEVEL = 'silent';
      // Act: a cold and two warm invocations, then the level changes
      await handler({}, context);
      await handler({}, context);
      await handler({}, context);
      const silentLines = lines.length;
      process.env.LOG_LEVEL = 'info';
      await handler({}, context);
      // Assert
      expect(silentLines).toBe(0);
      expect(lines.filter((line) => line.includes('"handled"'))).toHaveLength(1);
    } finally {
      process.stdout.write = write;
      // Assigning undefined would store the string 'undefined' for the next files of this worker.
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });
});
