// The harness of the check scripts that drive a server with a client library (proxy-check.mjs,
// ../graphql/graphql-check.mjs): named checks, each printing "ok <check>: <detail>"; the first
// failure prints "FAIL <check>: <why>" and exits 1; a watchdog prints "FAIL timeout: ..." and exits
// 3; finish() prints "all <n> checks passed". CheckLines reads this output on the Java side.

export class CheckFailure extends Error {}

/** Fails the current check with `message`. */
export function fail(message) {
  throw new CheckFailure(message);
}

export function expect(condition, message) {
  if (!condition) {
    fail(message);
  }
}

/**
 * Starts the watchdog (`timeoutMs` for the whole run) and returns `check(name, body)` and
 * `finish()`. `cleanup` (closing the driver) runs before the process exits on a failure.
 */
export function checks({ timeoutMs, cleanup }) {
  let current = 'before the first check';
  let passed = 0;
  const watchdog = setTimeout(() => {
    console.log(`FAIL timeout: the checks did not finish within ${timeoutMs} ms (last check started: ${current})`);
    process.exit(3);
  }, timeoutMs);

  /** Runs one named check; `body` returns the detail of its ok line. */
  async function check(name, body) {
    current = name;
    let detail;
    try {
      detail = await body();
    } catch (e) {
      const why = e instanceof CheckFailure ? e.message
        : `${e && e.code ? e.code + ': ' : ''}${e && e.message ? e.message : e}` + (e && e.stack && !(e.code) ? `\n${e.stack}` : '');
      console.log(`FAIL ${name}: ${why}`);
      try {
        await cleanup();
      } catch (ignored) {
        // the failure above is what matters
      }
      clearTimeout(watchdog);
      process.exit(1);
    }
    passed++;
    console.log(`ok ${name}: ${detail}`);
  }

  function finish() {
    clearTimeout(watchdog);
    console.log(`all ${passed} checks passed`);
  }

  return { check, finish };
}
