import { PollingLoop } from './polling-loop';

const silent = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };

describe('PollingLoop', () => {
  it('polls repeatedly, goes on after a failing tick, and stops without waiting for the interval', async () => {
    let ticks = 0;
    const loop = new PollingLoop(
      'test',
      10,
      async () => {
        ticks += 1;
        if (ticks === 2) throw new Error('boom');
      },
      silent,
    );
    loop.start();
    while (ticks < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    const stoppedAt = Date.now();
    await loop.stop();
    const after = ticks;
    expect(silent.error).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ticks).toBe(after);
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
  });

  it('lets the running tick finish and tells it to stop', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sawStop = false;
    let finished = false;
    const loop = new PollingLoop(
      'test',
      60_000,
      async (stopping) => {
        await gate;
        sawStop = stopping();
        finished = true;
      },
      silent,
    );
    loop.start();
    const stopped = loop.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    release();
    await stopped;
    expect(finished).toBe(true);
    expect(sawStop).toBe(true);
  });
});
