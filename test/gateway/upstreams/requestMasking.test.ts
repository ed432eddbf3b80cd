import { strict as assert } from 'node:assert';
import { GateError } from '../../../gateway/errors.js';
import { maskModelRequest } from '../../../gateway/upstreams/openai/requestMasking.js';
import { masker as testMasker } from '../masking/fixtures.js';

const CPF = '529.982.247-25';

describe('model-API request masking', () => {
  const masker = testMasker();

  it('masks every string a person could have written, whatever the endpoint', async () => {
    const body = {
      model: 'demo-echo',
      input: [`cliente CPF ${CPF}`, { role: 'user', content: [{ type: 'input_text', text: `CPF ${CPF}` }] }],
      instructions: `Responda ao CPF ${CPF}`,
      messages: [{ role: 'user', name: 'Maria da Silva', content: `meu CPF é ${CPF}` }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'buscar_cliente',
            description: `Busca o cliente ${CPF}`,
            parameters: { type: 'object', properties: { cpf: { type: 'string' } } },
          },
        },
      ],
      tool_calls_example: {
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'buscar_cliente', arguments: JSON.stringify({ cpf: CPF }) } }],
      },
      user: `ana ${CPF}`,
      metadata: { cliente: CPF },
      prompt: [`um ${CPF}`, 'dois'],
    };
    const masked = await maskModelRequest(body, masker);
    const text = JSON.stringify(masked.body);
    assert.doesNotMatch(text, /529\.982\.247-25|52998224725/);
    const out = masked.body as typeof body;
    assert.equal(out.model, 'demo-echo', 'the model stays exact');
    assert.equal(out.messages[0]?.role, 'user');
    assert.equal(out.tools[0]?.function.name, 'buscar_cliente', 'tool names stay exact (tool calling)');
    assert.equal(out.tools[0]?.function.parameters.type, 'object');
    assert.equal(out.tool_calls_example.tool_calls[0]?.function.name, 'buscar_cliente');
    assert.equal(out.tool_calls_example.tool_calls[0]?.id, 'call_1');
    assert.deepEqual(
      Object.keys(JSON.parse(out.tool_calls_example.tool_calls[0]?.function.arguments ?? '{}') as object),
      ['cpf'],
      'arguments stay JSON',
    );
    assert.ok(masked.events.length >= 8);
    assert.ok(masked.events.every((event) => event.location.startsWith('request:/')));
  });

  it('refuses images and audio it cannot read, unless the upstream passes them through', async () => {
    const body = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
    };
    await assert.rejects(
      () => maskModelRequest(body, masker),
      (error: unknown) => error instanceof GateError && error.status === 415,
    );
    assert.deepEqual((await maskModelRequest(body, masker, true)).body, body);
  });
});
