// Powertools Metrics writes one EMF line per invocation to stdout; in tests that is noise. The
// unit test of the EMF shape builds its own Metrics with the variable set to 'false'.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
