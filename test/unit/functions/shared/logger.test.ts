import { describe, expect, it } from '@jest/globals';
import { describeError } from '../../../../functions/shared/logger';

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
