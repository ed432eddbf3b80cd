/**
 * Addresses as one unit: rural localities and housing estates written before the road or street
 * they are on, a bairro after the number, and the parts of an address given as separate fields.
 * `«LABEL:value»` marks a value and the label it must be replaced by; everything else is kept.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

function check(marked: string): void {
  assert.equal(m.maskText(input(marked)).value, expected(marked));
}

describe('masking: rural and housing-estate addresses', () => {
  const cases = [
    'Os requerentes, residentes na «ENDERECO:Colônia Murici, estrada municipal SJP-212, km 6, São José dos Pinhais/PR», compareceram.',
    'Propriedade: «ENDERECO:Chácara Bom Retiro, Linha Gaúcha, interior, Nova Prata/RS»',
    'Imóvel rural: «ENDERECO:Lote 88, Gleba Iriri, Ramal do km 52, zona rural, Uruará/PA»',
    'cobrança do contrato 11872: «ENDERECO:Linha 7 Leste, Lote 14, interior, Rolim de Moura/RO»',
    'o autuado, residente no «ENDERECO:Conjunto Paraíso, Passagem Santa Luzia, casa 9, Icuí, Ananindeua/PA».',
    'Entrega: «ENDERECO:Residencial Ypê Amarelo, bloco F, apto 204, Sinop/MT»',
    'moradora da «ENDERECO:Rua Tapajós, 377, bairro do Aninga, Óbidos/PA», telefone «TELEFONE:(93) 99214-5081»',
    'Visita: «ENDERECO:Av. Constantino Nery, 4120, Conj. Eldorado, Chapada, Manaus/AM».',
    'Coleta em domicílio: «ENDERECO:Rua Mossoró, 581, casa, Tirol»',
    'A beneficiária mora no «ENDERECO:Assentamento Santa Rita, Lote 22, Vicinal 9, zona rural, Novo Repartimento/PA».',
    'o comodatário, residente na «ENDERECO:Aldeia Piyulaga, Terra Indígena do Xingu, Querência/MT», declara',
    'residente na «ENDERECO:Comunidade Bom Jesus do Tapará, Santarém - PA», agricultora',
    'domiciliada na «ENDERECO:Estância Boa Esperança», 3º distrito, Dom Pedrito/RS',
    // The town a rural address lies in belongs to it; a deed's `do Município de` names it apart.
    'mora no «ENDERECO:Córrego do Narciso, zona rural de Araçuaí»',
    'residente no «ENDERECO:Assentamento Bico do Papagaio, lote 44, zona rural de São Sebastião do Tocantins-TO», foi aberta a sessão',
    'end: «ENDERECO:Aldeia Tukum, Serra do Padeiro, zona rural de Buerarema» CEP «CEP:45615-000»',
    'domiciliados no «ENDERECO:Sítio Lagoa de Dentro, s/n, zona rural» do Município de Puxinanã-PB',
    "UPDATE cadastro SET endereco = '«ENDERECO:Travessa Boa Esperança, 88, fundos, Jacintinho»' WHERE id = 12;",
    '{"logradouro_completo": "«ENDERECO:Linha Formosa, s/n, Capela Santo Antão»", "ativo": true}',
    'residente no «ENDERECO:Sítio Caldeirão, Bairro Alto Alegre, casa 3, Pedra Branca-CE», agricultor',
    'a requerente, residente na «ENDERECO:Aldeia Tekoa Porã, Terra Indígena Guarita, Redentora/RS», lavradora',
    'reside na «ENDERECO:Comunidade Santa Luzia, Reserva Extrativista Tapajós-Arapiuns, Santarém/PA».',
    'mora no «ENDERECO:Sítio Boa Vista, Distrito de Nova Aliança, Rio Preto/SP»',
    // A neighbourhood's name with a house after it is the address, a Vila or a Jardim as an estate.
    'mora na «ENDERECO:Vila Nossa Senhora das Graças, casa 14», perto da igreja',
    'Entrega: «ENDERECO:Jardim Ipê Roxo, quadra 7, lote 21, Luís Eduardo Magalhães/BA»',
    // The places after the number up to the city and its UF, whatever they are called (a lane, a bairro).
    'residente na «ENDERECO:Rua Santa Inês, 40, Beco São Jorge, Compensa, Manaus/AM», desde 2019',
    'mora na «ENDERECO:Travessa Dom Romualdo, 112, Passagem Mucajá, Jurunas, Belém - PA»',
  ];
  for (const text of cases) it(`masks ${input(text).slice(0, 60)}…`, () => check(text));

  it('keeps named places, a deed’s plot and a farm that is a workplace', () => {
    const kept = [
      'Foi colono na Linha Alemã e regente do coral da paróquia.',
      'Núcleo Linha Bonita · reunião em 12/03/2027',
      'Lote urbano nº 22 da quadra F do loteamento Jardim Europa, com 300,00 m².',
      'O Lote 9, Quadra C, tem área de 300,00 m² e confronta com o Lote 10.',
      'Local de trabalho: Fazenda Água Limpa, Rodovia BR-163, Km 410, Zona Rural, Sorriso/MT',
      'O Quilombo Kalunga é patrimônio cultural.',
      'A Vila Madalena é um bairro boêmio; o Parque Ibirapuera abre às 5h.',
      'A zona rural de Caruaru sofre com a seca.',
    ];
    for (const text of kept) assert.equal(m.maskText(text).value, text);
  });

  it("masks a name with an elided `de` (`Pau d'Arco`) and Brasília's sector codes after a residence cue", () => {
    check("residente no «ENDERECO:Sítio Olho d'Água dos Martins, s/n, zona rural de Caxias»");
    check("Entrega: «ENDERECO:Rua Pau d'Arco, 45, Centro»");
    check('residente na «ENDERECO:QNO 12, Conjunto C, Casa 15, Ceilândia/DF», desde 2019');
    check('mora na «ENDERECO:QSD 28 Casa 3, Taguatinga Sul»');
    check("a fábrica de Santa Bárbara d'Oeste fechou");
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(m, input(cases.join('\n')), ['address']);
  });
});

describe("masking: a form's address fields in any order, Bauru's numbering and a service desk's address", () => {
  it('masks a bairro listed before its street, and a field whose name joins two with a slash', () => {
    check('17 Município: Boa Vista   18 Bairro: «ENDERECO:Jardim Floresta»\n19 Logradouro: «ENDERECO:Rua das Acácias, 120»');
    check('Logradouro ......: «ENDERECO:Linha Esperança»\nBairro/Localidade: «ENDERECO:Esperança»\nMunicípio/UF ....: Prudentópolis/PR');
  });

  it('masks the town after the bairro when a sentence goes on with `e` (a known municipality)', () => {
    check('Moro há 31 anos na «ENDERECO:Rua Major Goulart, 1187, bairro São Cristóvão, Lajeado» e, desde a enchente, alaga');
    check('Meu endereço é «ENDERECO:Rua Rego Barros, 1410, bairro Lagoa, Cruzeiro do Sul» e meu telefone mudou');
  });

  it("masks a number and complement field named with a spaced slash, its dotted leader after the abbreviation's dot, and a complement's commas", () => {
    check(
      'Logradouro ..........: «ENDERECO:Rua 9 de Julho»\nNúmero / Compl. ....: «ENDERECO:1410 / Qd. 23, Lt. 8, Ed. Ipê Amarelo, apto 1503»\nBairro ..............: «ENDERECO:Setor Oeste»',
    );
  });

  it('masks a house numbered by block and distance (`3-55`)', () => {
    check('mora na «ENDERECO:Rua Cussy de Almeida Júnior, 3-55, fundos, Jardim Ferraz, Bauru-SP»');
    check('entrega na «ENDERECO:Rua Araújo Leite, 22-10, Vila Santa Tereza»');
  });

  it("keeps a bairro with no street near, and an organisation's address under its service desk's label", () => {
    for (const text of [
      'Bairro: Centro\nCidade: Natal\nData: 12/03/2020',
      'Atendimento: Av. Nações Unidas, 4-44, Centro - (14) 3235-6100',
      'SAC: Rua das Flores, 12, Centro',
    ])
      assert.equal(m.maskText(text).value, text);
    check('Endereço de atendimento: «ENDERECO:Rua das Flores, 12, Centro»');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(
      m,
      '18 Bairro: Jardim Floresta\n19 Logradouro: Rua das Acácias, 120\nBairro/Localidade: Esperança\nmora na Rua Araújo Leite, 22-10, Centro',
      ['address'],
    );
  });
});

describe("masking: a legacy record's address in capitals", () => {
  it('masks a street abbreviated with no dot, with its number, complement, bairro, town and UF, and leaves an abbreviation with no number or amid words', () => {
    const text = [
      '  «NOME:BORTOLINI ADEMIR»  END: «ENDERECO:TV SAO BENEDITO 212 AP 3 JARDIM AMERICA CHAPECO SC» CEP «CEP:89803120»',
      '00417 «ENDERECO:R DR MAURICIO CARDOSO 88» CENTRO',
      'ITEM R MARCA SONY 12 UN',
      'TAM: P M G   COR R AZUL',
    ].join('\n');
    check(text);
  });
});

describe('masking: an address split across fields', () => {
  it('masks a complement written as one word, a bairro with a slash and an apartment beside the street, and leaves a city and other keys', () => {
    check(
      `{ "logradouro": "«ENDERECO:Rua das Acácias»", "numero": "«ENDERECO:455»", "complemento": "«ENDERECO:fundos»", "bairro": "«ENDERECO:Centro/Sul»", "cidade": "Lajeado" }`,
    );
    check(
      `{"street_name": "«ENDERECO:Av. Goiás»", "street_number": "«ENDERECO:1288»", "apartment": "«ENDERECO:apto 502»", "aptoEm": "2026-11-13", "path": "src/main"}`,
    );
  });

  it('masks the number, complement and bairro on their own lines under the street, however far it stands', () => {
    check(`cadastro:
                    rua: «ENDERECO:Rua Senador Pompeu»
                    numero: '«ENDERECO:1504»'
                    complemento: «ENDERECO:casa 3»
                    bairro: «ENDERECO:José Bonifácio»
                    municipio: Fortaleza`);
    check(`  residence {
      street: "«ENDERECO:Rua Grão Pará»"
      number: "«ENDERECO:77»"
      complement: "«ENDERECO:apto 3»"
      district: "«ENDERECO:Funcionários»"
      city: "Belo Horizonte"
    }`);
    check(`12 - Endereço: «ENDERECO:Rua Comendador Araújo, 731, sala 4»
13 - Bairro: «ENDERECO:Batel»      14 - Município: Curitiba`);
  });

  it('masks an Open Finance complement and postcode beside the street, and keeps the same keys elsewhere', () => {
    check(
      '{"documents": [{"type": "CNH", "additionalInfo": "categoria AD"}], "postalAddresses": [{"address": "«ENDERECO:Rua Marechal Floriano, 88»", "additionalInfo": "«ENDERECO:Bloco 2 Apto 31»", "districtName": "«ENDERECO:Centro»", "townName": "Pelotas", "postCode": "«CEP:96015440»"}]}',
    );
    check('{"billing": {"line1": "«ENDERECO:Rua Uruguai, 155»", "line2": "«ENDERECO:sala 1203»", "city": "Porto Alegre"}}');
    check('{"produto": "Cadeira", "additionalInfo": "cor azul", "line2": "entrega expressa"}');
  });

  it('masks an address passed as a call’s arguments and keeps the town, its UF and other calls’ strings', () => {
    check(
      'var casa = new Endereco("«ENDERECO:Rua Sete de Setembro»", "«ENDERECO:2211»", "«ENDERECO:casa 2»", "«ENDERECO:Santa Cruz»", "Rio Branco", "AC", "«CEP:69900-620»");',
    );
    check('const e = montarEndereco("«ENDERECO:Av. Getúlio Vargas»", "«ENDERECO:95»", "«ENDERECO:Jardim Ipiranga»");');
    check('logger.info("Rua sem saída", "12", "bloqueio");');
  });

  it('masks the bairro after the number or the complement when a sentence goes on after it, and leaves a name listed after an address', () => {
    check('Ela mora na «ENDERECO:Rua Cônego Lira, 88, Jiquiá», quem puder visitar');
    check('Atendo em casa: «ENDERECO:Travessa Itararé, 51, casa 2, Uberaba». Chama no zap');
    check('Entregar na «ENDERECO:Rua Bahia, 40», «NOME:Joana» avisa. Ok');
  });

  it('masks a rural locality by the indigenous land or the river it lies on, and leaves a town named like a river', () => {
    check('Família 2: «ENDERECO:Comunidade Ilha das Flores, Rio Uneiuxi, Zona Rural», 4 pessoas');
    check('«ENDERECO:Aldeia Lalima, TI Lalima, Miranda (MS)»; 12 famílias');
    check('entrega na «ENDERECO:Comunidade Cachoeirinha, Igarapé Preto»');
    check('Fazenda Nacional, Rio Branco - AC');
    check('residente na «ENDERECO:Ilha Jaracuera, Rio Pará, comunidade São Benedito, Cametá-PA»');
    check('passeio na Ilha Grande, Rio de Janeiro');
  });

  it('masks a village, a smallholding or a community written up to its town and UF, and leaves a farm, an island or a body named so', () => {
    check('rezadora, nascida na «ENDERECO:Aldeia Porto Lindo, Japorã-MS», em família guarani');
    check('Vive no «ENDERECO:Sítio Água Limpa, Bairro Batatal, Eldorado-SP».');
    check('Moradora da «ENDERECO:Comunidade São Roque, Ipumirim/SC».');
    check('A Fazenda Santa Fé, Cuiabá-MT, exporta soja');
    check('Turismo na Ilha do Mel, Paranaguá-PR');
    check('Evento na Comunidade Terapêutica Nova Vida, Londrina-PR');
    check('a Aldeia Kondá, em Chapecó-SC, recebeu a vacina');
    check('Sítio Novo, Bahia, e Sítio Novo, RN, são municípios');
  });

  it('masks a street across the border by its number after a residence cue', () => {
    check('A mãe reside em «ENDERECO:Calle 25 de Mayo 1180, Rivera», no Uruguai');
    check('la calle es bonita');
  });

  it('masks the same in a stream cut anywhere, and changes nothing masking it again', () => {
    assertStableMasking(
      m,
      'x = new Endereco("Rua Sete de Setembro", "2211", "casa 2", "Santa Cruz", "Rio Branco", "AC", "69900-620");\n{"address": "Rua Uruguai, 155", "additionalInfo": "sala 9"}',
      ['address', 'cep'],
    );
  });
});

describe("masking: a rural road under a street's label", () => {
  it('masks a Linha, a Sítio or a Comunidade named by ordinary words under `Logradouro:`, with no number', () => {
    check('Logradouro ..................: «ENDERECO:Linha Esperança»\nMunicípio/UF: Prudentópolis/PR');
    check('logradouro: «ENDERECO:Sítio Tigre»');
  });
});
