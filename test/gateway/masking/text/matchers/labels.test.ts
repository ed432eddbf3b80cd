/**
 * Labels whose key decides: JSON escaped inside a JSON string (a HAR's `postData.text`, a log
 * line's serialised body), once or twice, is read as JSON is.
 * `«LABEL:value»` marks a value and the label it must be replaced by.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

/** A body as a client sends it, and the same body escaped `levels` times into a string. */
const BODY =
  '{"rua":"«ENDERECO:Travessa Lauro Sodré»","bairro":"«ENDERECO:Umarizal»","cidade":"Belém","nome_completo":"«NOME:Iolanda Prestes»","dataNasc":"«DATA_NASCIMENTO:1990-02-17»","plano":"Ouro","qtd":2}';
/** Each text masks to its pair. */
function maskedAs(cases: readonly (readonly [string, string])[]): void {
  for (const [text, want] of cases) assert.equal(m.maskText(text).value, want);
}

function escaped(text: string, levels: number): string {
  let out = text;
  for (let k = 0; k < levels; k++) out = JSON.stringify(out).slice(1, -1);
  return out;
}

describe('masking: labels in escaped JSON', () => {
  it('masks the values of escaped JSON by their keys as in plain JSON, once and twice escaped', () => {
    assert.equal(m.maskText(input(BODY)).value, expected(BODY), 'plain');
    for (const levels of [1, 2]) {
      const text = `{"postData": {"mimeType": "application/json", "text": "${escaped(input(BODY), levels)}"}}`;
      const want = `{"postData": {"mimeType": "application/json", "text": "${escaped(expected(BODY), levels)}"}}`;
      assert.equal(m.maskText(text).value, want, `${levels} levels`);
    }
  });

  it('ends a value at the quote with as many backslashes as its key, not at a quote escaped deeper', () => {
    const body = '{"endereco":"«ENDERECO:Rua \\"Nova\\" Esperança, 12»","obs":"ok"}';
    const text = `{"text": "${escaped(input(body), 1)}"}`;
    assert.equal(m.maskText(text).value, `{"text": "${escaped(expected(body), 1)}"}`);
  });

  it('masks escaped JSON the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, `{"text": "${escaped(input(BODY), 2)}"}`, ['name', 'address', 'birth_date']);
  });
});

describe('masking: XML elements with a namespace prefix', () => {
  const ENVELOPE = [
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:bf="urn:beneficios">',
    '  <soapenv:Body>',
    '    <bf:titular>',
    '      <bf:nomeCompleto>«NOME:Ayumi Tsukahara Lins»</bf:nomeCompleto>',
    '      <bf:cpf>«CPF:529.982.247-25»</bf:cpf>',
    '      <bf:dataNascimento>«DATA_NASCIMENTO:1979-05-30»</bf:dataNascimento>',
    '      <bf:logradouro>«ENDERECO:Travessa Quintino Bocaiúva»</bf:logradouro>',
    '      <bf:bairro>«ENDERECO:Reduto»</bf:bairro>',
    '      <bf:municipio>Belém</bf:municipio>',
    '      <bf:valorCartaoBeneficio>318.45</bf:valorCartaoBeneficio>',
    '    </bf:titular>',
    '  </soapenv:Body>',
    '</soapenv:Envelope>',
  ].join('\n');

  it('reads a prefixed element by its local name, as an unprefixed one', () => {
    assert.equal(m.maskText(input(ENVELOPE)).value, expected(ENVELOPE));
  });

  it('leaves an amount of money under a card key', () => {
    const text = '<cartaoBeneficio>293.67</cartaoBeneficio> {"cartao": "«CARTAO:4111 1111 1111 1111»", "valorCartao": "1.250,00"}';
    assert.equal(m.maskText(input(text)).value, expected(text));
  });

  it('masks a prefixed envelope the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(ENVELOPE), ['name', 'cpf', 'birth_date', 'address']);
  });
});

describe('masking: a label of several words', () => {
  it('masks the value after a label of up to five words, and leaves a sentence whose key word stands further back', () => {
    const text =
      'Endereço para o convite impresso: «ENDERECO:Comunidade Engenho II, Território Kalunga, Cavalcante-GO»\n' +
      'O endereço que a família informou ao posto de saúde no ano passado: ver ficha.';
    assert.equal(m.maskText(input(text)).value, expected(text));
  });
});

describe("masking: an address object's lines in JSON written as text (FHIR's Address.line)", () => {
  it('masks each line of an address object, and leaves a `line` key elsewhere', () => {
    const text = [
      '{"resourceType": "Patient", "address": [{',
      '  "line": ["«ENDERECO:Comunidade Mesquita»", "«ENDERECO:Sítio Boa Vista, lote 3»"], "city": "Cidade Ocidental", "postalCode": "«CEP:72885-000»"}]}',
      '{"line": ["Linha 4 do metrô"], "status": "ok"}',
    ].join('\n');
    assert.equal(m.maskText(input(text)).value, expected(text));
  });
});

describe('masking: a person built by a call', () => {
  it('masks the first date after the name given to a class named for a role, and leaves other calls’ dates', () => {
    const cases: [string, string][] = [
      [
        'var filho = new Dependente("Heitor Lazzari Mendonça", new DateOnly(2019, 7, 22), Responsavel: "Denise Lazzari");',
        'var filho = new Dependente("[NOME]", new DateOnly([DATA_NASCIMENTO]), Responsavel: "[NOME]");',
      ],
      [
        'p = Paciente("Nadir Quaresma Peixoto", date(1944, 10, 3), internacao=date(2026, 11, 29))',
        'p = Paciente("[NOME]", date([DATA_NASCIMENTO]), internacao=date(2026, 11, 29))',
      ],
      ['val a = Aluno("Yasmin Furtado", "2011-04-16", "2026-02-02")', 'val a = Aluno("[NOME]", "[DATA_NASCIMENTO]", "2026-02-02")'],
      ['filho.IdadeEm(new DateOnly(2026, 12, 6)).Should().Be(7);', 'filho.IdadeEm(new DateOnly(2026, 12, 6)).Should().Be(7);'],
      ['new Agendamento("Nadir Quaresma", new DateOnly(2027, 1, 8));', 'new Agendamento("[NOME]", new DateOnly(2027, 1, 8));'],
      ['new Cliente(1042, new DateOnly(2026, 5, 1));', 'new Cliente(1042, new DateOnly(2026, 5, 1));'],
    ];
    maskedAs(cases);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(
      m,
      'var filho = new Dependente("Heitor Lazzari Mendonça", new DateOnly(2019, 7, 22), Responsavel: "Denise Lazzari");',
      ['name', 'birth_date'],
    );
  });
});

describe('masking: lists of birth dates in code', () => {
  it('masks every date of a list under a birth key, a subscript’s or R’s assignment too, and leaves other keys’ lists', () => {
    const cases: [string, string][] = [
      [
        'nasc = pd.to_datetime(["14/02/1993", "30/09/1987"], dayfirst=True)',
        'nasc = pd.to_datetime(["[DATA_NASCIMENTO]", "[DATA_NASCIMENTO]"], dayfirst=True)',
      ],
      [
        'tabela["dt_nascimento"] = pd.to_datetime(["1993-02-14", "1987-09-30"])',
        'tabela["dt_nascimento"] = pd.to_datetime(["[DATA_NASCIMENTO]", "[DATA_NASCIMENTO]"])',
      ],
      ['nascimento <- as.Date(c("1993-02-14", "1987-09-30"))', 'nascimento <- as.Date(c("[DATA_NASCIMENTO]", "[DATA_NASCIMENTO]"))'],
      ['retorno <- ymd(c("2027-01-11", "2027-02-08"))', 'retorno <- ymd(c("2027-01-11", "2027-02-08"))'],
      ['agenda["data_consulta"] = pd.to_datetime(["2027-01-11"])', 'agenda["data_consulta"] = pd.to_datetime(["2027-01-11"])'],
    ];
    maskedAs(cases);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(
      m,
      'tabela["dt_nascimento"] = pd.to_datetime(["1993-02-14", "1987-09-30"])\nnascimento <- as.Date(c("1993-02-14"))',
      ['birth_date'],
    );
  });
});

describe('masking: birth dates built by code in other languages', () => {
  it("masks a factory's block, a PHP or Rust path call and MongoDB's extended JSON under a birth key, and leaves other keys and impossible days", () => {
    for (const marked of [
      '    data_nascimento { Date.new(«DATA_NASCIMENTO:1987, 11, 3») }',
      '    data_nascimento { "«DATA_NASCIMENTO:1987-11-03»" }',
      '    vencimento { Date.new(2027, 1, 10) }',
      "    'nascimento' => Carbon::create(«DATA_NASCIMENTO:1949, 6, 21»),",
      '    birth_date: NaiveDate::from_ymd_opt(«DATA_NASCIMENTO:2002, 2, 28»).unwrap(),',
      '    birth_date: NaiveDate::from_ymd_opt(2031, 2, 29).unwrap(), // rejected: no such day',
      '{"dt_nascimento":{"$date":"«DATA_NASCIMENTO:1993-07-14T00:00:00Z»"},"criado_em":{"$date":"2026-11-30T10:00:00Z"}}',
    ])
      assert.equal(m.maskText(input(marked)).value, expected(marked), marked);
  });
});

describe('masking: SQL patterns compared with a column', () => {
  it('masks the pattern a name or document column is searched for, without its wildcards, in any case', () => {
    for (const marked of [
      "SELECT id FROM aluno WHERE nome ILIKE '%«NOME:dalzira»%'",
      "where nm_paciente like '«NOME:kuikuro»%' and cpf LIKE '«CPF:529.982.247-25»'",
      "WHERE p.nome NOT LIKE '%«NOME:Iberê Tapirapé»%'",
      "WHERE status LIKE '%ativo%' AND cidade ILIKE 'Maceió%'",
    ])
      assert.equal(m.maskText(input(marked)).value, expected(marked), marked);
  });

  it('reads SQL keywords after a role word as keywords, never as a name', () => {
    for (const text of [
      'SELECT * FROM aluno WHERE id = 3',
      'UPDATE paciente SET ativo = false',
      'cliente JOIN pedido ON pedido.cliente_id = cliente.id',
    ])
      assert.equal(m.maskText(text).value, text);
  });

  it('decides in a stream cut anywhere as the whole text does', () => {
    assertStableMasking(m, "SELECT id FROM aluno WHERE nome ILIKE '%dalzira%' AND cpf LIKE '52998224725'", ['name', 'cpf']);
  });
});

describe('masking: form fields', () => {
  it("reads a label led to its colon by dots, and a street's number past a form's column gap", () => {
    const marked = [
      'Logradouro ............: «ENDERECO:Rua Jaguaribe Filho»',
      'Bairro ................: «ENDERECO:Pirajá»',
      'RG anterior ...........: «RG:4.471.228»',
      'data de nascimento ....: «DATA_NASCIMENTO:03/08/1977»',
      '22. Endereço: «ENDERECO:Rua Caetés   nº 918»   Telefone: «TELEFONE:(41) 3323-4410»',
      'Sr. «NOME:Otávio Lins» chegou.',
    ].join('\n');
    assert.equal(m.maskText(input(marked)).value, expected(marked));
  });

  it("masks a form field's value by the field's name, and the parts of an address named for whose it is", () => {
    for (const marked of [
      '<input name="ref_logradouro" value="«ENDERECO:Rua Chile»"><input name="ref_numero" type="text" value="«ENDERECO:1290»"><input name="ref_bairro" value="«ENDERECO:Rebouças»">',
      '<input id="nome_mae" value="«NOME:Tuinkuru Shaneihu»">',
      '<input name="cidade" value="Salvador"><input name="bairro" value="«ENDERECO:Centro»">',
      'cliente_endereco_logradouro = «ENDERECO:Travessa Bom Jesus»\ncliente_endereco_numero = «ENDERECO:S/N»\ncliente_endereco_bairro = «ENDERECO:Zona Rural»',
    ])
      assert.equal(m.maskText(input(marked)).value, expected(marked), marked);
  });

  it('decides in a stream cut anywhere as the whole text does', () => {
    assertStableMasking(
      m,
      'Logradouro ............: Rua Jaguaribe Filho\nBairro ................: Pirajá\n<input name="ref_logradouro" value="Rua Chile"><input name="ref_numero" value="1290">',
      ['address'],
    );
  });
});

describe("masking: an optional's wrapper around a literal", () => {
  it('masks the literal inside Some(…), Some …, Optional.of(…) and Just by its key, and leaves other keys', () => {
    for (const marked of [
      'nome: Some("«NOME:Maria Shaneihu»".into()),',
      'cpf: Optional.of("«CPF:529.982.247-25»"),',
      'logradouro: Some("«ENDERECO:Rua Pinheiro Portela»"),\ncomplemento: Some("«ENDERECO:lote rural 118»"),',
      'status: Some("ativo"), cidade: Optional.ofNullable("Natal")',
      // F# and OCaml write the option's constructor before the literal, with a space.
      '{ Nome = Some "«NOME:Dorvalina Maciel»"\n  Apelido = Some "«NOME:Nina»"\n  Cidade = Some "Belém" }',
    ])
      assert.equal(m.maskText(input(marked)).value, expected(marked), marked);
  });
});

describe('masking: keys written apart from their values (PHP dumps, Erlang binaries, named XML elements)', () => {
  const VAR_DUMP = [
    'array(4) {',
    '  ["logradouro"]=>',
    '  string(21) "«ENDERECO:Avenida Sete de Setembro»"',
    '  ["bairro"]=>',
    '  string(8) "«ENDERECO:Piedade»"',
    '  ["dt_nasc"]=>',
    '  string(10) "«DATA_NASCIMENTO:1983-10-05»"',
    '  ["municipio"]=>',
    '  string(8) "Salvador"',
    '}',
  ].join('\n');
  const PRINT_R = [
    'Array',
    '(',
    '    [endereco] => «ENDERECO:Rua Professor Lauro Müller»',
    '    [bairro] => «ENDERECO:Ponta Verde»',
    '    [nascimento] => «DATA_NASCIMENTO:05/10/1983»',
    '    [cidade] => Maceió',
    '    [pedido] => 8812',
    ')',
  ].join('\n');
  const ERLANG = '#{bairro => <<"«ENDERECO:Jardim Europa»">>, numero => <<"«ENDERECO:1180»">>, uf => <<"GO">>, versao => <<"3.2">>}';
  const XML = [
    '<saml:Attribute Name="nis"><saml:AttributeValue>«PIS:12056412545»</saml:AttributeValue></saml:Attribute>',
    '<saml:Attribute Name="groups"><saml:AttributeValue>financeiro</saml:AttributeValue></saml:Attribute>',
    '<entry key="dataNascimento">«DATA_NASCIMENTO:1970-04-05»</entry>',
    '<field name="logradouro">«ENDERECO:Rua Tupis, 88»</field><field name="bairro">«ENDERECO:Parque das Nações»</field>',
    '<field name="cidade">Arapiraca</field><string name="app_name">Nome do Cliente</string>',
  ].join('\n');

  it("masks a var_dump's value on the line under its key and a print_r's after `=>`, and leaves other keys", () => {
    assert.equal(m.maskText(input(VAR_DUMP)).value, expected(VAR_DUMP));
    assert.equal(m.maskText(input(PRINT_R)).value, expected(PRINT_R));
  });

  it("masks a binary's or a prefixed string's contents by its key (`<<\"…\">>`, `N'…'`)", () => {
    assert.equal(m.maskText(input(ERLANG)).value, expected(ERLANG));
    const tsql = "UPDATE pessoa SET nome_mae = N'«NOME:Odete Rocha Brandão»', uf = N'PE' WHERE id = 7;";
    assert.equal(m.maskText(input(tsql)).value, expected(tsql));
  });

  it("masks an element's text (or its one child's) by the key its name attribute gives, and leaves other keys", () => {
    assert.equal(m.maskText(input(XML)).value, expected(XML));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    for (const text of [VAR_DUMP, PRINT_R, ERLANG, XML]) assertStableMasking(m, input(text), ['name', 'address', 'birth_date', 'pis']);
  });
});

describe("masking: a web server's log of query strings", () => {
  const LINE =
    '2026-11-30 11:07:55 10.40.2.15 POST /portal/atualizar.aspx cpf=«CPF:82517625298»&fone=«TELEFONE:%2855%29+99674-2031»&logradouro=«ENDERECO:Rua+Barão+do+Triunfo,+512»&bairro=«ENDERECO:Nossa+Senhora+das+Dores»&cep=«CEP:97050-330» 443 - Mozilla/5.0+(iPhone)';

  it("reads `+` as a space between a query value's words and figures, the bairro beside its street's key, and the CEP before the log's next field", () => {
    assert.equal(m.maskText(input(LINE)).value, expected(LINE));
  });

  it('leaves a `+` that opens a value or stands outside a query, and a number after a date', () => {
    maskedAs([
      ['?q=c++&x=a+1', '?q=c++&x=a+1'],
      ['4e1a9c07 (Ana Prates   2025-03-18 12) segurados:', '4e1a9c07 ([NOME]   2025-03-18 12) segurados:'],
    ]);
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(LINE), ['cpf', 'phone', 'address', 'cep']);
  });
});

describe('masking: a column named in brackets and set to a literal (Kotlin Exposed)', () => {
  const SEED = [
    'Moradores.insert {',
    '    it[nome] = "«NOME:Joana Prates Karipuna»"',
    '    it[logradouro] = "«ENDERECO:Rua Padre Júlio Maria Lombaerd, 1532»"',
    '    it[bairro] = "«ENDERECO:Santa Rita»"',
    '    it[municipio] = "Macapá"',
    '}',
    'x[i] = "abc"',
  ].join('\n');

  it("reads the bracketed column's name as the value's key, the bairro beside its street's", () => {
    assert.equal(m.maskText(input(SEED)).value, expected(SEED));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(SEED), ['name', 'address']);
  });
});

describe("masking: an R vector's values after its column's key (`str()`)", () => {
  const STR = [
    "'data.frame':\t5 obs. of  4 variables:",
    ' $ nome      : chr  "«NOME:Kokama Ypy da Silva»" "«NOME:Ruth Ãtãri Cambeba»" NA "«NOME:Lin Huang Pereira»" ...',
    ' $ nasc      : Date, format: "«DATA_NASCIMENTO:1948-03-09»" "«DATA_NASCIMENTO:1955-10-27»" ...',
    ' $ fone      : chr  "«TELEFONE:97 98431-2260»" NA "«TELEFONE:(97) 3343-1192»" ...',
    ' $ vacina    : chr  "Influenza" "Covid XBB" "Influenza" ...',
    ' $ dose      : int  1 1 2 1 1',
  ].join('\n');

  it('masks every quoted value that fits the key, not only the first, and leaves the rest', () => {
    assert.equal(m.maskText(input(STR)).value, expected(STR));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(STR), ['name', 'birth_date', 'phone']);
  });
});

describe('masking: name/value pairs (CRM custom fields, form answers)', () => {
  const KOMMO = [
    '{"custom_fields_values": [',
    '  {"field_id": 512, "field_name": "CPF", "field_code": null, "field_type": "text", "values": [{"value": "«CPF:390.533.447-05»"}]},',
    '  {"field_id": 513, "field_name": "Data de nascimento", "field_type": "birthday", "values": [{"value": «DATA_NASCIMENTO:-96854400»}]},',
    '  {"field_id": 514, "field_name": "Nome da mãe", "values": [{"value": "«NOME:Iracema Tupinambá Lopes»"}]},',
    '  {"field_id": 515, "field_name": "RG", "values": [{"value": "«RG:28.443.112»"}]},',
    '  {"field_id": 516, "field_name": "Origem", "values": [{"value": "Instagram"}]}',
    ']}',
  ].join('\n');
  const FORM = [
    '[{"label": "Data de nascimento", "value": "«DATA_NASCIMENTO:12/03/1969»"},',
    ' {"label": "Protocolo", "value": "12/03/2026"},',
    ' {"campo": "Endereço", "valor": "«ENDERECO:Travessa Boa Vista 12, Jardim Primavera»"},',
    ' {"pergunta": "Qual o seu nome completo?", "resposta": "«NOME:ana de jesus»"},',
    ' {"pergunta": "Como soube do curso?", "resposta": "Rádio Difusora"}]',
  ].join('\n');

  it("masks a value by its sibling's name, through the values list it holds", () => {
    assert.equal(m.maskText(input(KOMMO)).value, expected(KOMMO));
  });

  it("leaves a value whose sibling names nothing personal, even after the same key held a person's date", () => {
    assert.equal(m.maskText(input(FORM)).value, expected(FORM));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(KOMMO), ['cpf', 'birth_date', 'name', 'rg']);
    assertStableMasking(m, input(FORM), ['birth_date', 'address', 'name']);
  });
});

describe("masking: an address's parts under a form's long leaders, a town's part beside its street", () => {
  const FORM = [
    '─── ENDEREÇO ───',
    'Logradouro ..................: «ENDERECO:Linha Esperança»',
    'Número ......................: «ENDERECO:s/n»',
    'Bairro/Distrito .............: «ENDERECO:Rio dos Patos»',
    'Município/UF ................: Prudentópolis/PR',
  ].join('\n');
  const CODE = [
    "sede(distrito: 'Tuiuty', municipio: 'Bento Gonçalves')",
    "endereco(logradouro: '«ENDERECO:Estrada Geral»', numero: '«ENDERECO:km 4»', distrito: '«ENDERECO:Tuiuty»', municipio: 'Bento Gonçalves')",
    '{"cep": "«CEP:79002-170»", "logradouro": "«ENDERECO:Rua 14 de Julho»", "bairro": "«ENDERECO:Centro»", "localidade": "Campo Grande", "uf": "MS"}',
  ].join('\n');

  it("masks each part after its label however long the leader, and a district beside a street's key; leaves the town", () => {
    assert.equal(m.maskText(input(FORM)).value, expected(FORM));
    assert.equal(m.maskText(input(CODE)).value, expected(CODE));
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(FORM), ['address']);
    assertStableMasking(m, input(CODE), ['address']);
  });
});

describe("masking: a directory's name written surname first, under a key padded far from its colon", () => {
  const LIST = [
    'Name                : Wapixana Sarmento, Jocelene',
    'Name                : Guzmán Rondón, Yoselín Carolina',
    'name: Curitiba, Paraná',
    'name: Widget, Blue',
  ].join('\n');

  it('masks the surnames and the given names whole, and leaves a place or a product listed with a comma', () => {
    assert.equal(
      m.maskText(LIST).value,
      ['Name                : [NOME]', 'Name                : [NOME]', 'name: Curitiba, Paraná', 'name: Widget, Blue'].join('\n'),
    );
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, LIST, ['name']);
  });
});
