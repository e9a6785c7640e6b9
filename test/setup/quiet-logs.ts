// The handlers log to stdout at info by default; in tests that is noise around the results. Each
// file starts silent (a file before it in the same worker may have set another level); the tests
// that read the logs set the level they need. TEST_LOG_LEVEL=info shows them while debugging.
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
