import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

// The import arrows of .dependency-cruiser.cjs (run by `npm run lint`): a planted file that breaks a
// rule must be reported under that rule's name, with a non-zero exit.
const root = process.cwd();
const bin = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
}

const depcruise = (file: string, outputType: 'json' | 'err') =>
  spawnSync(
    process.execPath,
    [bin, '--config', '.dependency-cruiser.cjs', '--output-type', outputType, file],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );

/** The JSON summary (violations with rule names) and the exit status of the `err` reporter `npm run lint` uses. */
const cruise = (file: string) => {
  const json = depcruise(file, 'json');
  const out = JSON.parse(json.stdout) as { summary: { error: number; violations: Violation[] } };
  const err = depcruise(file, 'err');
  return { status: err.status, report: err.stdout, summary: out.summary };
};

/** Writes `source` to `<dir>/planted-<random>.ts`, cruises it, removes it. */
const plant = (dir: string, source: string) => {
  const file = `${dir}/planted-${randomUUID().slice(0, 8)}.ts`;
  const path = join(root, file);
  writeFileSync(path, source);
  try {
    return { file, ...cruise(file) };
  } finally {
    rmSync(path, { force: true });
  }
};

describe('import arrows (dependency-cruiser)', () => {
  it('reports domain/ importing a value from functions/', () => {
    const run = plant('domain', "import { config } from '../functions/shared/config';\nvoid config;\n");
    expect(run.status).not.toBe(0);
    expect(run.report).toContain('domain-imports-no-outer-layer');
    expect(run.summary.error).toBeGreaterThan(0);
    expect(run.summary.violations).toContainEqual(
      expect.objectContaining({
        rule: expect.objectContaining({ name: 'domain-imports-no-outer-layer', severity: 'error' }),
        from: run.file,
      }),
    );
  });

  it('reports events/ importing a value from domain/', () => {
    const run = plant(
      'events',
      "import { emailIdentity } from '../domain/meetings/registration';\nvoid emailIdentity;\n",
    );
    expect(run.status).not.toBe(0);
    expect(run.report).toContain('events-imports-no-domain-value');
    expect(run.summary.error).toBeGreaterThan(0);
    expect(run.summary.violations).toContainEqual(
      expect.objectContaining({
        rule: expect.objectContaining({ name: 'events-imports-no-domain-value', severity: 'error' }),
        from: run.file,
        to: 'domain/meetings/registration.ts',
      }),
    );
  });

  it('allows events/ a type-only import from domain/', () => {
    const run = plant(
      'events',
      "import type { Role } from '../domain/meetings/registration';\nexport const role: Role = 'other';\n",
    );
    expect(run.summary.violations.filter((v) => v.from === run.file)).toEqual([]);
    expect(run.summary.error).toBe(0);
    expect(run.status).toBe(0);
  });

  /** A planted file breaks `rule` with error severity, reported by the `err` reporter and the JSON summary. */
  const expectReported = (run: ReturnType<typeof plant>, rule: string) => {
    expect(run.status).not.toBe(0);
    expect(run.report).toContain(rule);
    expect(run.summary.error).toBeGreaterThan(0);
    expect(run.summary.violations).toContainEqual(
      expect.objectContaining({
        rule: expect.objectContaining({ name: rule, severity: 'error' }),
        from: run.file,
      }),
    );
  };

  it('reports domain/ importing a node: module', () => {
    const run = plant('domain', "import { createHash } from 'node:crypto';\nvoid createHash;\n");
    expectReported(run, 'domain-imports-no-node-builtin');
  });

  it('reports domain/ importing from formats/', () => {
    const run = plant('domain', "import { escapeHtml } from '../formats/mail/escape';\nvoid escapeHtml;\n");
    expectReported(run, 'domain-imports-no-formats');
  });

  it('reports formats/ importing from functions/', () => {
    const run = plant('formats', "import { config } from '../functions/shared/config';\nvoid config;\n");
    expectReported(run, 'formats-imports-no-outer-layer');
  });

  it('reports formats/ importing the AWS SDK', () => {
    const run = plant(
      'formats',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nvoid DynamoDBClient;\n",
    );
    expectReported(run, 'formats-imports-no-aws');
  });

  it('reports domain/ importing the AWS SDK (a package is matched by its resolved node_modules path)', () => {
    const run = plant(
      'domain',
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nvoid DynamoDBClient;\n",
    );
    expectReported(run, 'domain-imports-no-aws');
  });

  it('allows formats/ to import domain/ values', () => {
    const run = plant(
      'formats',
      "import { emailIdentity } from '../domain/meetings/registration';\nvoid emailIdentity;\n",
    );
    expect(run.summary.violations.filter((v) => v.from === run.file)).toEqual([]);
    expect(run.summary.error).toBe(0);
    expect(run.status).toBe(0);
  });
});
