/** maskTextAsync and maskJsonAsync: the same output as the sync API, and other work runs meanwhile. */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cpf, formatCpf, masker } from './fixtures.js';

const m = masker();

/** A body of about `size` characters with a CPF every ~20 characters. */
function denseBody(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const value = cpf([(i >> 12) % 10, (i >> 8) % 10, (i >> 4) % 10, i % 10, 1, 2, 3, 4, 5]);
    const part = `${i % 2 ? formatCpf(value) : value}, `;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

describe('masking: async API', function () {
  this.timeout(120_000);

  it('gives exactly what the sync API gives, for text and JSON', async () => {
    const body = `Relatório\n${denseBody(200_000)}\nCliente Maria da Silva, Rua das Flores, 12.`;
    assert.deepEqual(await m.maskTextAsync(body), m.maskText(body));
    const json = {
      prompt: body,
      messages: Array.from({ length: 2000 }, (_, i) => ({
        role: 'user',
        content: `CPF ${formatCpf(cpf([1, 2, 3, 4, 5, 6, 7, 8, i % 10]))}`,
      })),
    };
    assert.deepEqual(await m.maskJsonAsync(json), m.maskJson(json));
  });

  it('gives what the sync API gives for any text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.integer({ min: 0, max: 3 }), async (noise, repeat) => {
        const text = `${noise} ${denseBody(5000 * repeat)} ${noise}`;
        assert.deepEqual(await m.maskTextAsync(text), m.maskText(text));
      }),
      { numRuns: 30 },
    );
  });

  it('lets other callbacks run while it masks a 1 MB body with 50,000 CPFs', async () => {
    const body = denseBody(1_000_000);
    let ticks = 0;
    let done = false;
    const tick = (): void => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const masked = await m.maskTextAsync(body);
    done = true;
    assert.ok(masked.events.length >= 50_000, `${masked.events.length} CPFs masked`);
    assert.doesNotMatch(masked.value, /\d{3}/);
    assert.ok(ticks > 1, 'the event loop ran while masking');
  });

  it('stops at its next pause once its signal aborts, rejecting with the reason and returning nothing', async () => {
    const json = { linhas: Array.from({ length: 20_000 }, (_, i) => ({ cpf: formatCpf(cpf([1, 2, 3, 4, 5, 6, 7, 8, i % 10])), n: i })) };
    const gone = new AbortController();
    const reason = new Error('the caller went away');
    let ticks = 0;
    const tick = (): void => {
      if (++ticks === 2) gone.abort(reason);
      else setImmediate(tick);
    };
    setImmediate(tick);
    await assert.rejects(m.maskJsonAsync(json, { signal: gone.signal }), (error: unknown) => error === reason);
    await assert.rejects(m.maskTextAsync(denseBody(300_000), { signal: gone.signal }), (error: unknown) => error === reason);
    // Without a signal, the same work runs to the end.
    assert.equal((await m.maskJsonAsync(json)).events.length, 20_000);
  });

  it('rejects with a MaskingError, fails closed, on a value it cannot walk', async () => {
    const cyclic: Record<string, unknown> = { nome: 'Maria' };
    cyclic['self'] = cyclic;
    await assert.rejects(m.maskJsonAsync(cyclic), { name: 'MaskingError', code: 'masking_failed' });
  });
});
