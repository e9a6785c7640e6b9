/** Import arrows (dependency-cruiser 18). `npm run lint` runs it after biome. */
const AWS = '^(@aws-sdk/|aws-cdk-lib|aws-lambda$|@middy/|@aws-lambda-powertools/)';
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-outer-layer',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(functions|infra|local|scripts|bench|test|web)/' },
    },
    {
      name: 'domain-imports-no-aws',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: AWS },
    },
    {
      name: 'domain-imports-no-node-builtin',
      // Becomes 'error' once rendering moves out of domain/. Violators now (2026-12-07):
      //   domain/statistics/report-html.ts → node:crypto
      severity: 'warn',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'events-imports-no-domain-value',
      severity: 'error',
      from: { path: '^events/' },
      to: { path: '^domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'events-imports-no-outer-layer',
      severity: 'error',
      from: { path: '^events/' },
      to: { path: '^(functions|infra|local|scripts)/' },
    },
    {
      name: 'only-test-imports-test',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'functions-imports-no-infra-local-scripts-bench',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(infra|local|scripts|bench)/' },
    },
    {
      name: 'infra-imports-no-local-scripts-bench',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(local|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
