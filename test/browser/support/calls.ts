import { alignCall, DemoClient, demoCallBody, waitForState } from '../../../scripts/demo-call';

/**
 * An OPEN call made through the HTTP API as its users would: the programme manager configures it, the
 * two demo agencies commit and confirm, and the call workflow opens it seconds later.
 */
export async function openCall(apiURL: string, title: string): Promise<string> {
  const pm = await DemoClient.login(apiURL, 'pm@acie.demo');
  const body = {
    ...demoCallBody(Date.now(), title, { alignmentInMs: 25_000, opensInMs: 30_000 }),
    criteria: [
      { name: 'Excellence', weight: 1, threshold: 3 },
      { name: 'Impact', weight: 1.5, threshold: 3 },
      { name: 'Implementation', weight: 1, threshold: 2.5 },
    ],
    overallThreshold: 10,
  };
  const aligned = await alignCall(apiURL, pm, undefined, () => body);
  const call = await waitForState(pm, aligned.callId, (state) => state === 'OPEN' || state === 'CANCELLED', 90_000);
  if (call.state !== 'OPEN') throw new Error(`the call ${aligned.callId} did not open: ${call.state}`);
  return aligned.callId;
}
