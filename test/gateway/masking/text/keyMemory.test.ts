/**
 * A key or a column that held a person's data with confidence holds the same kind again: the
 * later values under it are masked even where nothing else announces them, when they still have
 * the kind's shape and check digits. Each shape of record is written here with this project's own
 * values (names, places and layouts of no corpus), whole and in a stream.
 */
import { strict as assert } from 'node:assert';
import { chunksAt, drain, masker } from '../fixtures.js';

const m = masker();
/** `«LABEL:value»`: the value, masked as `[LABEL]`. */
const MARK = /«([A-Z_]+):([^»]*)»/g;

/** The text with its marks masked, compared with what the engine does, whole, by `maskJson` when asked, and in streams cut every 1 and 7 characters. */
function check(marked: string, json = false): void {
  const plain = marked.replace(MARK, '$2');
  const expected = marked.replace(MARK, '[$1]');
  assert.equal(m.maskText(plain).value, expected, marked);
  if (json) assert.deepEqual(m.maskJson(JSON.parse(plain)).value, JSON.parse(expected), `json: ${marked}`);
  for (const step of [1, 7]) {
    const cuts = Array.from({ length: Math.floor(plain.length / step) }, (_, k) => (k + 1) * step);
    assert.equal(drain(m.textStream(), chunksAt(plain, cuts)).value, expected, `stream of ${step}: ${marked}`);
  }
}

describe('masking: a key or a column remembers the personal data it held', () => {
  it('masks a rare name and a bare phone under a JSON key that held a first name and a formatted phone', () => {
    check(
      [
        '[',
        '  {"atd": "«NOME:Rosângela Quintino»", "fx": "«TELEFONE:(31) 99812-4410»", "turno": "noite"},',
        '  {"atd": "«NOME:Ilunga Mbeki Sarraf»", "fx": "«TELEFONE:31998124411»", "turno": "dia"}',
        ']',
      ].join('\n'),
      true,
    );
  });

  it('masks the later items of a YAML list and the later lines of a log under the key that held a name', () => {
    check(
      ['plantao:', '  - atd: «NOME:Josué Ramalho»', '    setor: triagem', '  - atd: «NOME:Oyelaran Tsvetkova»', '    setor: raio-x'].join(
        '\n',
      ),
    );
    check(
      [
        '2026-11-02T08:01:12Z evt=checkin atd=«NOME:Valdirene Coutinho» sala=3',
        '2026-11-02T08:03:40Z evt=checkin atd=«NOME:Bartholomew Nakagawa» sala=5',
      ].join('\n'),
    );
  });

  it('masks an XML record and a named argument under the element or the argument that held a name', () => {
    check('<lote><it><atd>«NOME:Heloísa Brandão»</atd></it><it><atd>«NOME:Wojciech Abernathy»</atd></it></lote>');
    check(['fila.add(atd="«NOME:Teodoro Vasconcelos»", prio=2)', 'fila.add(atd="«NOME:Kwabena Lindqvist»", prio=1)'].join('\n'));
  });

  it('masks a column of a delimited table whose header names nothing, after a row held a name there', () => {
    check(
      [
        'seq;atd;fone;turno',
        '1;«NOME:Marcelo Dantas Frade»;«TELEFONE:(41) 3322-1870»;noite',
        '2;«NOME:Ngozi Abernathy Kuroda»;«TELEFONE:(41) 3322-1871»;dia',
      ].join('\n'),
    );
  });

  it('masks the later tuples of an SQL insert and the later rows of an HTML table under a column that held a name', () => {
    check(
      [
        'INSERT INTO escala (seq, atd, fone) VALUES',
        "  (1, '«NOME:Renata Guimarães»', '«TELEFONE:(85) 3261-4400»'),",
        "  (2, '«NOME:Oluwadamilare Sørensen»', '«TELEFONE:(85) 3261-4401»');",
      ].join('\n'),
    );
    const marked =
      '<table><tr><th>Seq</th><th>Atd</th><th>Fone</th></tr>' +
      '<tr><td>1</td><td>«NOME:Renata Guimarães»</td><td>«TELEFONE:(85) 3261-4400»</td></tr>' +
      '<tr><td>2</td><td>«NOME:Oluwadamilare Kettunen»</td><td>«TELEFONE:(85) 3261-4401»</td></tr></table>';
    assert.equal(m.maskText(marked.replace(MARK, '$2'), { syntax: 'markup' }).value, marked.replace(MARK, '[$1]'));
  });

  it('masks a column of an aligned report whose header names nothing, from its first row on', () => {
    // Padded by the plain values' widths, so the columns line up once the marks are gone.
    const row = (seq: string, name: string, ramal: string, phone: string): string =>
      `${seq.padEnd(5)}«NOME:${name}»${' '.repeat(26 - name.length)}${ramal.padEnd(7)}«TELEFONE:${phone}»`;
    check(
      [
        'SEQ  ATD                       RAMAL  FONE',
        row('1', 'Gustavo Henrique Lobo', '2231', '(48) 3025-1190'),
        row('2', 'Amadou Kowalczyk', '2232', '(48) 3025-1191'),
        row('3', 'Thiago Ferraz', '2233', '(48) 3025-1192'),
      ].join('\n'),
    );
  });

  it('masks a rare name under a generic name key that held a person, and leaves agents and firms under it', () => {
    check(
      [
        'DisplayName    : «NOME:Lucimara Fontes»',
        'Office         : Sala 12',
        '',
        'DisplayName    : «NOME:Itzel Quispe Mamani»',
        'Office         : Sala 14',
      ].join('\n'),
    );
    check(
      [
        '[{"name": "«NOME:Lucimara Fontes»", "kind": "person"},',
        '{"name": "«NOME:Itzel Quispe Mamani»", "kind": "person"},',
        '{"name": "reviewer_agent", "kind": "agent"},',
        '{"name": "Padaria Pão Quente Ltda", "kind": "shop"}]',
      ].join('\n'),
      true,
    );
  });

  it('masks an address without a street type and a PIS without a cue under keys that held one', () => {
    check(
      [
        'ref=A1 loc="«ENDERECO:Rua Coronel Lustosa, 88»" nit="«PIS:120.56874.10-7»"',
        'ref=A2 loc="«ENDERECO:Quadra 7 Casa 12 Setor Leste»" nit="«PIS:12056874107»"',
      ].join('\n'),
    );
  });

  it('leaves what has no shape of the kind under a remembered key: firms, statuses, wrong check digits', () => {
    check(
      [
        '[{"atd": "«NOME:Rosângela Quintino»", "nit": "«PIS:120.56874.10-7»"},',
        '{"atd": "Transportes Serra Azul Ltda", "nit": "12056874108"},',
        '{"atd": "Em Andamento", "nit": "000"},',
        '{"atd": "Aguardando Retorno", "nit": "n/d"}]',
      ].join('\n'),
      true,
    );
  });

  it("learns nothing under a key or a column that held a firm's or a place's name first", () => {
    check(
      [
        '[{"dest": "Vidraçaria Horizonte Ltda", "tel": "«TELEFONE:(62) 3241-5870»"},',
        '{"dest": "«NOME:Cláudio Bastos»", "tel": "«TELEFONE:(62) 3241-5871»"},',
        '{"dest": "Kronos Digital", "tel": "«TELEFONE:(62) 3241-5872»"}]',
      ].join('\n'),
      true,
    );
    check(
      [
        'cod;dest;tel',
        '7;Vidraçaria Horizonte Ltda;«TELEFONE:(62) 3241-5870»',
        '8;«NOME:Cláudio Bastos»;«TELEFONE:(62) 3241-5871»',
        '9;Kronos Digital;«TELEFONE:(62) 3241-5872»',
      ].join('\n'),
    );
  });

  it('learns nothing from a chat speaker, a key naming a firm or a place, or a value the memory inferred', () => {
    check(['[10:02] «NOME:Gildete»: «ENDERECO:Rua Tapajós, 310»', '[10:05] «NOME:Gildete»: chego às 14 com 3 caixas, Centro'].join('\n'));
    check(
      [
        '{"loja": "«NOME:Ana Paula Rezende»", "cidade_ent": "Santa Rita"}',
        '{"loja": "Casa Nova Sorveteria", "cidade_ent": "Maria Helena"}',
      ].join('\n'),
    );
  });
});
