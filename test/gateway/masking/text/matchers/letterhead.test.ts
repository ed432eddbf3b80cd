/**
 * Letterhead blocks under a labelled heading: an organisation named after a label (`Cartório:`,
 * `Razão social:`, `Nome:`) heads the contact lines below it, numbered form fields and a line of
 * its CNPJ included; a person's label ends the block. `«LABEL:value»` marks a masked value.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from '../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

const FORM = [
  'Serventia: 1º Tabelionato de Protesto de Caxias do Sul',
  '   Rua Sinimbu, 1878, sala 3 - 95020-002 - (54) 3221-0440',
  '',
  'Razão social: TRANSPORTES SERRA GAÚCHA LTDA',
  'CNPJ: «CNPJ:11.222.333/0001-81»     Inscrição Estadual: 029/0123456',
  'Endereço: Avenida Júlio de Castilhos, 900, Centro   CEP: 95010-003',
  '',
  'Nome: USF Jardim das Hortênsias',
  '7. Endereço: Rua Marechal Floriano, 45',
  '8. Telefone: (54) 3290-1100',
  '',
  'COOPERATIVA AGRÍCOLA MISTA DO VALE',
  'Associada à OCERGS · CNPJ «CNPJ:11.222.333/0001-81»',
  'Rua Pinheiro Machado, 2100, Caxias do Sul-RS · 95020-170',
  '',
  'Nome: «NOME:Rosane Bettio Zanella»',
  'Endereço: «ENDERECO:Rua Os Dezoito do Forte, 512, ap 301»',
  'Telefone: «TELEFONE:(54) 99117-2284»',
  '',
  'Empresa: VINÍCOLA SERRA ALTA S.A. · CNPJ «CNPJ:11.222.333/0001-81»',
  'Estabelecimento: Rodovia RS-122, km 40, Distrito Industrial · 95180-000',
  '',
  'Empresa: METALÚRGICA PIAZZA LTDA',
  'Endereço: «ENDERECO:Rua Ernesto Alves, 1500, casa 2»',
  '',
  'Solicitante: Dr. «NOME:Ivo Tartarotti» · Unidade: UBS Centro',
  'Endereço: «ENDERECO:Rua Visconde de Pelotas, 77, casa»',
  '',
].join('\n');

describe('masking: letterheads under a labelled heading', () => {
  it("leaves an organisation's contacts under its labelled name, numbered fields and CNPJ line, and masks a person's", () => {
    assert.equal(m.maskText(input(FORM)).value, expected(FORM));
  });

  it('decides in a stream as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, input(FORM), ['name', 'address', 'phone', 'cep', 'cnpj']);
  });
});
