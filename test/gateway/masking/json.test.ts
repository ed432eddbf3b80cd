/** Structural JSON masking: key-aware, shape-preserving, pointers that never carry the data. */
import { strict as assert } from 'node:assert';
import { masker } from './fixtures.js';

describe('maskJson', () => {
  const m = masker();

  it('masks the whole value of personal-data keys in any naming style, and content everywhere else', () => {
    const input = {
      nomeCompleto: 'Kauane Xyz',
      DATA_NASCIMENTO: '1990-01-02',
      'e-mail': 'k@exemplo.com',
      telefoneCelular: '99999',
      observacao: 'ligar para (11) 98765-4321 depois das 18h',
      itens: [{ sku: 'A-1', qtd: 2 }],
    };
    const result = m.maskJson(input);
    assert.deepEqual(result.value, {
      nomeCompleto: '[NOME]',
      DATA_NASCIMENTO: '[DATA_NASCIMENTO]',
      'e-mail': '[EMAIL]',
      telefoneCelular: '[TELEFONE]',
      observacao: 'ligar para [TELEFONE] depois das 18h',
      itens: [{ sku: 'A-1', qtd: 2 }],
    });
    assert.deepEqual(Object.keys(result.value as object), Object.keys(input));
    assert.deepEqual(
      result.events.map((event) => event.location),
      ['/nomeCompleto', '/DATA_NASCIMENTO', '/e-mail', '/telefoneCelular', '/observacao'],
    );
  });

  it('masks every leaf under an address object, and address parts beside a street', () => {
    const result = m.maskJson({
      endereco: { logradouro: 'Rua A', numero: 12, cidade: 'Recife' },
      entrega: { rua: 'Rua B', numero: '7', bairro: 'Boa Vista' },
    });
    assert.deepEqual(result.value, {
      endereco: { logradouro: '[ENDERECO]', numero: '[ENDERECO]', cidade: '[ENDERECO]' },
      entrega: { rua: '[ENDERECO]', numero: '[ENDERECO]', bairro: '[ENDERECO]' },
    });
  });

  it('turns a number under a sensitive key into the replacement string and leaves other numbers', () => {
    const result = m.maskJson({ cpf: 52998224725, documento: 52998224725, quantidade: 52998224725, idade: 34 });
    assert.deepEqual(result.value, { cpf: '[CPF]', documento: '[CPF]', quantidade: 52998224725, idade: 34 });
  });

  it('masks a generic "name" only when it looks like a person', () => {
    const result = m.maskJson({
      agents: [{ name: 'planner' }, { name: 'Weather Agent' }, { name: 'Ana Souza' }],
      cliente: { name: 'Xyz Qwe' },
    });
    assert.deepEqual(result.value, {
      agents: [{ name: 'planner' }, { name: 'Weather Agent' }, { name: '[NOME]' }],
      cliente: { name: '[NOME]' },
    });
  });

  it('masks personal data in keys, never putting it in a pointer, and keeps colliding keys apart', () => {
    const result = m.maskJson({ 'ana@exemplo.com': 1, 'bia@exemplo.com': 2 });
    assert.deepEqual(result.value, { '[EMAIL]': 1, '[EMAIL]_2': 2 });
    for (const event of result.events) assert.doesNotMatch(event.location, /exemplo/);
  });

  it("honours a profile's extra sensitive keys and escapes pointers (RFC 6901)", () => {
    const custom = masker({}, ['matricula', 'nome_pet']);
    const result = custom.maskJson({ 'a/b': { matricula: 'A-778', nome_pet: 'Rex' } });
    assert.deepEqual(result.value, { 'a/b': { matricula: '[DADO_PESSOAL]', nome_pet: '[NOME]' } });
    assert.deepEqual(
      result.events.map((event) => event.location),
      ['/a~1b/matricula', '/a~1b/nome_pet'],
    );
  });

  it("reads an array of printed lines as one text: a notebook output's header is the cue for the rows below it", () => {
    const lines = [
      '   id_cliente                       nome          cpf   data_nasc            cidade  uf\n',
      '0    C0091822      Janaína Aragão Sobral  37801571525  1990-02-11           Aracaju  SE\n',
      '1    C0091823  Luiz Gonzaga Pereira Neto  09840956400  1964-12-13            Recife  PE',
    ];
    const masked = m.maskJson({ outputs: [{ data: { 'text/plain': lines } }], source: ['df.head()\n', 'print(1)'] });
    assert.deepEqual(masked.value, {
      outputs: [
        {
          data: {
            'text/plain': [
              lines[0],
              '0    C0091822      [NOME]  [CPF]  [DATA_NASCIMENTO]           Aracaju  SE\n',
              '1    C0091823  [NOME]  [CPF]  [DATA_NASCIMENTO]            Recife  PE',
            ],
          },
        },
      ],
      source: ['df.head()\n', 'print(1)'],
    });
    // Each event points at its own string, with the value's offset inside it.
    const birth = masked.events.filter((event) => event.detector === 'birth_date');
    assert.deepEqual(
      birth.map((event) => [event.location, event.original?.offset, event.original?.length]),
      [
        ['/outputs/0/data/text~1plain/1', 55, 10],
        ['/outputs/0/data/text~1plain/2', 55, 10],
      ],
    );
    assert.equal(lines[1]?.slice(55, 65), '1990-02-11');
  });

  it('leaves booleans, nulls and empty strings as they are', () => {
    const value = { nome: '', cpf: null, email: false, tags: [] };
    assert.deepEqual(m.maskJson(value).value, value);
  });
});

describe('values wrapped in their type (Avro, DynamoDB)', () => {
  const m = masker();
  const record = {
    apelido: { string: 'Tuquinha' },
    logradouro: { string: 'Travessa Boa Vista' },
    numero: { string: '77' },
    residencia: { 'br.gov.exemplo.Endereco': { logradouro: { string: 'Beco do Sol' }, numero: { string: 's/n' } } },
    cpf: { S: '52998224725' },
    dataNascimento: { S: '1990-04-09' },
    idade: { N: '35' },
    situacao: { string: 'ATIVO' },
  };
  const expected = {
    apelido: { string: '[NOME]' },
    logradouro: { string: '[ENDERECO]' },
    numero: { string: '[ENDERECO]' },
    residencia: { 'br.gov.exemplo.Endereco': { logradouro: { string: '[ENDERECO]' }, numero: { string: '[ENDERECO]' } } },
    cpf: { S: '[CPF]' },
    dataNascimento: { S: '[DATA_NASCIMENTO]' },
    idade: { N: '35' },
    situacao: { string: 'ATIVO' },
  };

  it("masks a wrapped value by its parent key's class, as a JSON body", () => {
    assert.deepEqual(m.maskJson(record).value, expected);
  });

  it('masks it the same in JSON printed as text', () => {
    assert.equal(m.maskText(JSON.stringify(record)).value, JSON.stringify(expected));
  });
});

describe('a FHIR resource and a SCIM user', () => {
  const m = masker();
  const patient = {
    resourceType: 'Patient',
    name: [{ use: 'official', text: 'Jurema Tuxá Alencar', family: 'Alencar', given: ['Jurema'] }],
    telecom: [{ system: 'phone', value: '(75) 99123-4567' }],
    identifier: [
      { system: 'https://saude.gov.br/fhir/sid/cpf', value: '52998224725' },
      { system: 'https://saude.gov.br/fhir/sid/cns', value: '898001160660028' },
    ],
    managingOrganization: { display: 'UBSI Rodelas' },
    contained: [{ resourceType: 'Organization', name: 'UBSI Rodelas', text: { status: 'generated' } }],
  };

  it("masks a name object's whole text and labels each identifier by its check digits, not by the key's earlier value", () => {
    const result = m.maskJson(patient);
    const value = result.value as typeof patient;
    assert.equal(value.name[0]?.text, '[NOME]');
    assert.equal(value.telecom[0]?.value, '[TELEFONE]');
    assert.deepEqual(
      value.identifier.map((id) => id.value),
      ['[CPF]', '[CNS]'],
    );
    assert.deepEqual(value.contained, patient.contained);
    assert.equal(value.managingOrganization.display, 'UBSI Rodelas');
  });

  it('labels the identifiers the same in the JSON printed as text', () => {
    const masked = m.maskText(JSON.stringify(patient)).value;
    assert.match(masked, /"value":"\[CPF\]"\},\{"system":"https:\/\/saude\.gov\.br\/fhir\/sid\/cns","value":"\[CNS\]"/);
  });

  it("masks SCIM's formatted name", () => {
    const user = { userName: 'bjensen', name: { formatted: 'Bárbara Jensen Lima', familyName: 'Lima', givenName: 'Bárbara' } };
    assert.equal((m.maskJson(user).value as typeof user).name.formatted, '[NOME]');
  });
});
