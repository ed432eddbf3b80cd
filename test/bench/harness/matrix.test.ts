/**
 * A participant that dies during a run is reported with its cell and left out of the cells
 * after, and the others are still measured (before, the harness waited for it forever).
 */
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { runMatrix, type Death, type Measurement } from '../../../bench/harness/matrix.js';
import type { StartedParticipant } from '../../../bench/harness/participants.js';
import { forkServer, LoadClient, type ChildServer } from '../../../bench/support/processes.js';

const serversPath = fileURLToPath(new URL('../../../bench/support/servers.js', import.meta.url));

function upstreamParticipant(server: ChildServer): StartedParticipant {
  return { server, url: (path) => `${server.url}${path}`, headers: {}, processes: [server] };
}

describe('bench matrix', () => {
  it('reports a participant that died with its cell and goes on with the others', async function () {
    this.timeout(120_000);
    const [steady, doomed] = await Promise.all([forkServer(serversPath, ['fixture']), forkServer(serversPath, ['fixture'])]);
    const client = new LoadClient();
    try {
      const participants = new Map([
        ['steady', upstreamParticipant(steady)],
        ['doomed', upstreamParticipant(doomed)],
      ]);
      const heard: Death[] = [];
      const measured: Measurement[] = [];
      const { measurements, deaths } = await runMatrix(
        client,
        participants,
        {
          sizes: [1024],
          connections: [1],
          rounds: 2,
          warmupMs: 10,
          durationMs: 100,
          primeMs: 50,
          profileDir: undefined,
          profileKind: 'cpu',
        },
        (measurement) => {
          measured.push(measurement);
          // The first round measures `steady` first: `doomed` dies before its own turn comes.
          if (measured.length === 1) doomed.child.kill('SIGKILL');
        },
        (death) => heard.push(death),
      );
      assert.deepEqual(
        deaths.map(({ participant, size, connections, round }) => ({ participant, size, connections, round })),
        [{ participant: 'doomed', size: 1024, connections: 1, round: 0 }],
      );
      assert.deepEqual(heard, deaths);
      assert.match(deaths[0]?.message ?? '', /exited \(signal SIGKILL\)/);
      assert.deepEqual(
        measurements.map((m) => `${m.participant} r${m.round}`),
        ['steady r0', 'steady r1'],
      );
    } finally {
      client.close();
      await Promise.all([steady.stop(), doomed.stop()]);
    }
  });
});
