/**
 * An organisation's or a machine's contacts beside a person's: a body's landline after its name
 * or on its line, parts set apart by `·` or `|`, desk and machine mailboxes under any label,
 * against a person's name, cue or mailbox beside them. `«LABEL:value»` marks a masked value.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

const FOOTERS = [
  'Funerária Bom Pastor · Av. Presidente Vargas, 1500, Erechim/RS · Plantão (54) 3321-2020',
  'Contato do filho: «NOME:Jorge Battisti» · «TELEFONE:(54) 3321-7788» · «EMAIL:jorge.battisti@gmail.com»',
  '',
  '► SALA no Edifício Solar das Águas, 3º andar. Imobiliária Serra Azul (81) 3222-4545. Ref. A17',
  '► CASA na Vila Nova, 2 qtos. Tratar com «NOME:Gilmar Fontes» «TELEFONE:(81) 3271-0918».',
  '',
  'Corretora Atlântida de Seguros Ltda. — SUSEP 10.1234567.8 — (48) 3025-1100',
  'Hospital São Marcos — «NOME:Ana Beatriz Souza» «TELEFONE:(11) 3333-4444»',
  'Clínica Vida Plena · Sr. «NOME:Paulo Mendes» «TELEFONE:(11) 3322-1100»',
  '',
  'Central: 0800 644 1020 · WhatsApp (62) 3251-0400',
  'Fone «TELEFONE:(62) 3251-0401» · WhatsApp «TELEFONE:(62) 3251-0402»',
  'Contato RH: rh@laticiniosvaledosol.ind.br · (47) 3370-2200',
  'Contato para correspondência da sociedade: societario@moveisdoparana.com.br, (41) 3223-1111.',
  'Doações à Liga de Amparo ao Idoso, Pix doacoes@ligaamparo.org.br.',
  'Anuncie: classificados@gazetadovale.com.br · reclamações do leitor «NOME:Otávio Brandt»: «EMAIL:otavio.brandt@yahoo.com.br»',
  '',
].join('\n');

const HEADINGS = [
  'SERRA VERDE ACADEMIA — UNIDADE GARCIA',
  'Rua Amazonas, 4100, Garcia, Blumenau/SC | (47) 3322-5050 | Instagram @serraverdefit',
  '',
  'DADOS DO ALUNO',
  '«ENDERECO:Rua Bahia, 1280, apto 302, Salto, Blumenau/SC» | «TELEFONE:(47) 3323-9090»',
  '',
  'Restaurante: Cantina Bella Serra Ltda — CNPJ «CNPJ:11.222.333/0001-81»',
  'Rua Quinze de Novembro, 88, Centro, Blumenau/SC · (47) 3340-1212',
  '',
  'Restaurante: Cantina Ponte Alta',
  '«ENDERECO:Rua Itajaí, 35, Vorstadt, Blumenau/SC» · «TELEFONE:(47) 3340-7788»',
  '',
].join('\n');

const RECORDS = [
  'employer {',
  '  legal_name: "Mar Azul Turismo Receptivo Ltda"',
  '  cnpj: "«CNPJ:11222333000181»"',
  '  address: "Av. Litorânea, 410, Ponta d\'Areia, São Luís/MA"',
  '}',
  'holder {',
  '  full_name: "«NOME:Rosana Pires Lobato»"',
  '  cpf: "«CPF:52998224725»"',
  '  address: "«ENDERECO:Rua do Sol, 88, Centro, São Luís/MA»"',
  '}',
  '{"loja":"Farmácia Boa Saúde - Centro","cnpj":"«CNPJ:11.222.333/0001-81»","fone":"2733221100"}',
  '{"nome":"«NOME:Carla Mendes»","cpf":"«CPF:529.982.247-25»","fone":"«TELEFONE:2733227788»"}',
  '[[unidades]]',
  'nome = "Policlínica Dom Helder"',
  'endereco = "Rua Amélia, 300, Graças, Recife/PE"',
  '[[pacientes]]',
  'nome = "«NOME:Joana Prado»"',
  'endereco = "«ENDERECO:Rua Amélia, 310, Graças, Recife/PE»"',
  '',
].join('\n');

const CONFIG = [
  "DEFAULT_FROM_EMAIL = 'nao-responda@prefeitura.exemplo.gov.br'",
  "ADMINS = [('«NOME:Heloísa Brum»', '«EMAIL:heloisa.brum@prefeitura.exemplo.gov.br»')]",
  'From: devs-request@listas.exemplo.org.br',
  'Envie mensagens para devs@listas.exemplo.org.br',
  'To: «EMAIL:marcos.teles@listas.exemplo.org.br»',
  'E-mail: «EMAIL:marina.lopes-request@provedor.com.br»',
  '',
].join('\n');

describe("masking: organisations' and machines' contacts", () => {
  it("leaves a body's landline after its name or on its line, and masks a person's beside it", () => {
    assert.equal(m.maskText(input(FOOTERS)).value, expected(FOOTERS));
  });

  it("leaves the contacts under a heading in capitals or a shop's label with its CNPJ, and masks a form section's", () => {
    assert.equal(m.maskText(input(HEADINGS)).value, expected(HEADINGS));
  });

  it("leaves a record's contact after the company's CNPJ, legal name or a body's name, and masks a person's record", () => {
    assert.equal(m.maskText(input(RECORDS)).value, expected(RECORDS));
  });

  it("leaves a machine's and a mailing list's mailboxes under any label, and masks a person's", () => {
    assert.equal(m.maskText(input(CONFIG)).value, expected(CONFIG));
  });

  it("masks a public servant's mailbox at a public body's domain however rare her name, and leaves a unit's", () => {
    const servants = [
      'EmailAddress   : «EMAIL:kaiane.tuxa@saude.ba.gov.br»',
      'Responsável: «EMAIL:oyelaran.baptiste@defensoria.rj.def.br»',
      'Núcleo: nupec.itabuna@defensoria.ba.def.br · Plantão: cegep.integracao@saude.ba.gov.br · caps.juazeiro@saude.ba.gov.br',
      // A mailbox spelled from a name the text gave before it (initials, then the surname), however rare the surname.
      'Professora «NOME:Iracilda Okonjo Braga», contato «EMAIL:iokonjo@seduc.pa.gov.br»',
    ].join('\n');
    assert.equal(m.maskText(input(servants)).value, expected(servants));
  });

  it("leaves a body's address and phone in parentheses after its name, past its bairro, and masks a resident's", () => {
    const text = [
      'O Museu do Imigrante Ucraniano (Av. Vicente Machado, 1200, Centro, (42) 3223-4410) recebe doações.',
      'Exame na Clínica Serra Verde (Rua Delamare, 920, Vila Rica, (67) 3231-4455).',
      'A paciente, que mora na «ENDERECO:Rua Itaúna, 71», Centro, «TELEFONE:(67) 99231-4455», faltou.',
    ].join('\n');
    assert.equal(m.maskText(input(text)).value, expected(text));
  });

  it("masks the address of a record named after someone's home, not a body's", () => {
    const record = '{"name": "Casa da vovó Nena", "address": "«ENDERECO:Rua Sete de Setembro, 418, Vila Operária»"}';
    assert.equal(m.maskText(input(record)).value, expected(record));
  });

  it("leaves a landline with the firm's CNPJ stated after it, and masks one with only the word CNPJ after it", () => {
    const text = [
      'Sr. «NOME:Xavier» «ENDERECO:Rua das Flores, 123, apto 4 - Centro» +55 21 2345-6789 CNPJ «CNPJ:11.222.333/0001-81»',
      'Sr. «NOME:Xavier» «ENDERECO:Rua das Flores, 123, apto 4 - Centro» «TELEFONE:+55 21 2345-6789» CNPJ O cliente',
    ].join('\n');
    assert.equal(m.maskText(input(text)).value, expected(text));
    // Masking the words between the cue `Sr.` and the number brings the cue closer: it decides nothing against the CNPJ.
    assertStableMasking(m, input(text), ['name', 'address', 'phone', 'cnpj']);
    // A stream cut inside the word `CNPJ` or its number waits for them (a property run counterexample).
    const cut = '«CNPJ:00.000.000/000J-34», O cliente; «NOME:JOÃO DOS SANTOS», +55 21 2345-6789; CNPJ «CNPJ:00000000000191»; :; ';
    assert.equal(m.maskText(input(cut)).value, expected(cut));
    assertStableMasking(m, input(cut), ['name', 'phone', 'cnpj']);
  });

  it('masks a landline after a bare CPF that opens like a 0300 line, and leaves one beside a real toll-free line', () => {
    const text = ['«CPF:03000000062» «TELEFONE:(21) 2345-6789» O cliente', 'Central 0800 727 0411 · (21) 2345-6789'].join('\n');
    assert.equal(m.maskText(input(text)).value, expected(text));
  });

  it('decides in a stream as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, input(FOOTERS + HEADINGS + RECORDS + CONFIG), ['name', 'address', 'phone', 'email', 'cnpj', 'cpf']);
  });
});
