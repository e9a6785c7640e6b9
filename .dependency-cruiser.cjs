/** Import arrows (dependency-cruiser 18). `npm run lint` runs it after biome. */
// Matched against the resolved path (node_modules/…), which is what dependency-cruiser compares
// `to.path` with for a package; the bare `^@aws-sdk/` form never matched a resolved import.
const AWS =
  '(^|node_modules/)(@aws-sdk/|aws-cdk-lib(/|$)|@types/aws-lambda/|aws-lambda(/|$)|@middy/|@aws-lambda-powertools/)';
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
      severity: 'error',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      // Rendering and file formats (formats/) sit outside the rules; the domain reaches them only
      // through its ports (domain/rendering-ports.ts), injected by the handlers.
      name: 'domain-imports-no-formats',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^formats/' },
    },
    {
      // formats/ may read domain and events types and values, and nothing outer: it stays pure
      // text and bytes, usable from a handler, a script or a test alike.
      name: 'formats-imports-no-outer-layer',
      severity: 'error',
      from: { path: '^formats/' },
      to: { path: '^(functions|infra|local|scripts|bench|test|web)/' },
    },
    {
      name: 'formats-imports-no-aws',
      severity: 'error',
      from: { path: '^formats/' },
      to: { path: AWS },
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
