// Integration tests wait on real servers (a worker picking up its first tasks, e-mail through the outbox,
// timers on the dev server) and bound each wait themselves (expectEventually, mail waits of up to 30 s);
// jest's 5 s default would cut those waits short on a loaded 2-core machine. Set here, per test file:
// a project-level `testTimeout` in jest.config.js is not applied by jest-circus (measured: still 5 s).
jest.setTimeout(60_000);
