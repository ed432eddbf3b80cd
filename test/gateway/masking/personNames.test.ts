/**
 * Names the first-name list does not hold, told by what stands around them: kinship and role
 * cues, lists after a given name, surnames with an elided particle, catalogue and reference
 * entries, nicknames and logins. Each case keeps a look-alike beside the name (a place, a body,
 * a street or a law named after someone). Every document is this project's own.
 */
import { strict as assert } from 'node:assert';
import { chunksAt, drain, masker } from './fixtures.js';

const m = masker();
const MARK = /«([^»]*)»/g;

/** `text` with each «name» masked, compared with what the engine does to the text without marks, whole and in a stream. */
function check(marked: string): void {
  const plain = marked.replace(MARK, '$1');
  const expected = marked.replace(MARK, '[NOME]');
  assert.equal(m.maskText(plain).value, expected, marked);
  const cuts = Array.from({ length: Math.floor(plain.length / 7) }, (_, k) => (k + 1) * 7);
  assert.equal(drain(m.textStream(), chunksAt(plain, cuts)).value, expected, `stream: ${marked}`);
}

describe('masking: names told by their surroundings', () => {
  it('opens a rare given name after a kinship, religious, registry or cooperative role', () => {
    for (const marked of [
      'Deixa a esposa «Oksana Melnyk Prado» e os filhos «Dmytro», «Iryna» e «Marta», moradores da Vila Esperança.',
      'A missa será celebrada pelo Pe. «Bohdan Kravets» na Paróquia São Jorge.',
      'Oficial Registrador: «Wojciech Tarnowski Lima»',
      'Cooperada: «Nguyen Thi Hoa», associada desde 2019 à Cooperativa Agrícola Vale Verde.',
      'O termo foi assinado pelo Cacique «Raoni Kayabi» e pela Pajé «Yakuy Tupari» na Aldeia Piaraçu.',
      'O paciente contou que a irmã, «Dorinha», tem catarata.',
      'A vítima reconheceu «Oleksiy» como o homem que levou a bolsa.',
      'Frei «Anselm Nowak» visitou a Escola Frei Caneca.',
    ])
      check(marked);
  });

  it('leaves a title before a place or a body named after someone, and a list of things after a full name', () => {
    for (const marked of [
      'Pix no meu CPF? Não, na conta de «Jociele Andrade dos Santos», Nubank.',
      'Ela mora no bairro Frei Damião, perto da Escola Padre Anchieta.',
      'A Lei Maria da Penha protege a vítima; a audiência foi na Maternidade Dona Evangelina Rosa.',
      'Foi levada ao Hospital de Base Dr. Aurélio Pinheiro pela mãe, «Joana Reis», e ouvida pelo Delegado de Polícia Dr. «Kenji Tanaka Moura».',
      'A lancha Dona Zilda saiu do cais às 6h.',
    ])
      check(marked);
  });

  it('reads a surname with an elided particle as one word, and as a surname', () => {
    for (const marked of [
      "Testemunha: «Clara Dall'Agnol Fontana»",
      "O contrato de «Rui D'Ávila» foi renovado.",
      "Cite-se «O'NEIL, Patrick James» (2018).",
      "A Copa D'Oro fica no Pão d'Açúcar.",
    ])
      check(marked);
  });

  it('masks an entry of a catalogue card or a reference list opened by its surname', () => {
    const marked = [
      "«Sant'Ana, Jurema Tupinambá» de.",
      "   Cantos da mata / «Jurema Tupinambá de Sant'Ana». - Belém, 2025.",
      '   1. Povo Tupinambá. 2. Etnografia. I. «Brandt, Helga Ostermann». II. Título.',
    ].join('\n');
    check(marked);
    check('Conforme leciona «BITENCOURT, Cezar Roberto» (Tratado de Direito Penal, 26. ed.), o dolo é genérico.');
    check('Ontem, Recife amanheceu nublado.');
  });

  it('masks a quoted nickname inside or closing a name, under a label and in a CSV cell, and leaves a quoted status', () => {
    for (const marked of [
      'Nome: «RAIMUNDO NONATO "PEBA" SOARES»',
      "Responsável: «Lucélia 'Lulu' Barreto»",
      '"0042";"«Francisca Helena de Sousa ""Chiquinha»""";"Teresina"',
      'Cliente «Ana Beatriz Couto» "Cancelado" desde março.',
      'Nome civil: «Joana Quispe Mamani»\nComo prefere ser chamada: «Nena»\nChamado: Impressora parada',
    ])
      check(marked);
  });
});

describe('masking: foreign particles and mentions', () => {
  it('keeps particles of other languages inside a name, one or two in a row, and an Arabic article joined by a hyphen', () => {
    for (const marked of [
      'Requerente: «Anaís del Carmen Briceño Ortega», venezuelana, e a filha «Rosmery de los Santos Briceño».',
      'O laudo é do Eng. «Joost van den Heuvel» e do Dr. «Friedrich von Hagen».',
      'Cliente «Samir bin Khalid Al-Mansouri» e testemunha «Yusuf al-Qadir».',
    ])
      check(marked);
  });

  it('masks a capitalised mention in a chat and leaves annotations, codes and group mentions', () => {
    for (const marked of [
      '[09:14] «Renata Falcão Bezerra»: @«Soyeon» pode revisar o parecer? @Todos a reunião mudou.',
      '@Override\npublic String toString() { return "x"; }',
      'Protocolo @REP 24/00117 recebido.',
    ])
      check(marked);
  });

  it('masks a chat speaker of rare words with a known surname, and leaves a team speaking', () => {
    const marked = [
      '[02/11/2026 08:03] «Ji-woo Park Nogueira»: bom dia, o sinistro foi aberto',
      '[02/11/2026 08:04] Suporte Técnico: chamado registrado',
      '[02/11/2026 08:05] Equipe Comercial: ok',
    ].join('\n');
    check(marked);
  });

  it('masks a rare name before a professional council registration, not read as a town', () => {
    check('Advogados:\n   «Satoshi Okabe Guimarães», OAB/PR 44.120\n   «Ngozi Adeyemi Lopes», CRM/BA 21.877');
  });
});

describe('masking: logins spelled from names', () => {
  it('masks a user in a forge byline, a sudo log line and a list under a user key, and leaves service accounts', () => {
    for (const marked of [
      '**«heloisa-brum»** opened this issue on Oct 3, 2026 · 2 comments',
      '**«marcosaurelio»** commented on Oct 4, 2026 · Member',
      '**dependabot** commented on Oct 4, 2026',
      '2026-11-30T10:01:02-0300 caixa-03 sudo[4410]:   «rosilene.q» : TTY=pts/1 ; USER=root ; COMMAND=/usr/bin/apt update',
      '2026-11-30T10:01:05-0300 caixa-03 sudo[4411]:   postgres : TTY=pts/1 ; USER=root',
      'reviewers = ["«otavio.b»", "«leandra.campos»", "ci-bot", "www-data", "deploy"]',
    ])
      check(marked);
  });

  it("masks any person's login where only an account can stand, and leaves a service's or a system's", () => {
    for (const marked of [
      '2026-12-01 08:00:01 -03 [3310] FATAL:  password authentication failed for user "«tuane.xk»"',
      '2026-12-01 08:00:02 -03 [3311] LOG:  connection authorized: user=«ybytu» database=sisreg',
      '2026-12-01 08:00:03 -03 [3312] FATAL:  password authentication failed for user "etl_loader"',
      'PS C:\\Users\\«adm.araci»> Get-ADUser -Filter *',
      'SamAccountName      : «pietra.oyama»',
      'SamAccountName      : svc-esus',
      '  - login: «nhandewa» # casa',
      '  - login: monitoring',
      'usuario: admin',
    ])
      check(marked);
  });
});
