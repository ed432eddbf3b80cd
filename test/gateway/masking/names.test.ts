/**
 * Names beyond a first-name list, and never inside places, public bodies, offices or legal
 * phrasing: the kinds of mistakes measured on real court decisions, written here as examples of
 * each class (every document is this project's own).
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, masker } from './fixtures.js';

const m = masker();
const MARK = /«([^»]*)»/g;

/** `text` with each «name» masked, compared with what the engine does to the text without marks. */
function check(marked: string): void {
  assert.equal(m.maskText(marked.replace(MARK, '$1')).value, marked.replace(MARK, '[NOME]'), marked);
}

describe('masking: names and places', () => {
  it('opens a name after a party, a role or a judicial or professional title, even a rare or invented one', () => {
    for (const marked of [
      'APELANTE: «CLEITON RODRIGUES DA SILVA»',
      'RELATOR: DES. «JOSÉ CARLOS FERREIRA»',
      'O autor, «Kleyton Moura», ajuizou ação.',
      'Cite-se o réu «Francisclaudio de Jesus».',
      'Requerente: «Wanderclayson Pereira»; requerida: «Lucivânia dos Santos».',
      'A testemunha «Jéssica Thayná Oliveira» declarou que estava no local.',
      'Juiz de Direito: Dr. «Anísio Teixeira Neto»',
      'O Ministro «Luiz Fux» e o Min. «Dias Toffoli» votaram.',
      'A Juíza-Relatora «Ana Cristina Borba Alves» e o Procurador-Geral «Augusto Aras».',
      'Participaram do julgamento os Desembargadores «Maria Lúcia Pizzotti» e «Walter Barone».',
      'A paciente «Kauany Vitória» deu entrada.',
      'Assinado digitalmente por «JOSÉ CARLOS FERREIRA», Desembargador-Relator.',
      'Documento assinado eletronicamente por «MARIA APARECIDA DOS SANTOS», Juíza de Direito, em 12/03/2024.',
    ])
      check(marked);
  });

  it('masks the parties and the signature of a court decision header, and the names listed after a title', () => {
    const marked = [
      'RELATOR : MIN. «GILMAR MENDES»',
      'RECTE.(S) : «JOSÉ ROBERVAL DA CUNHA»',
      'ADV.(A/S) : «ANTONIETA PAIVA BRANDÃO»',
      'RECDO.(A/S) : ESTADO DE SÃO PAULO',
      'PROC.(A/S)(ES) : PROCURADOR-GERAL DO ESTADO DE SÃO PAULO',
      'Brasília, 10 de maio de 2017.',
      'MINISTRO «EDSON FACHIN»',
      'Relator',
      'Votaram os Ministros «Rosa Weber», «Luiz Fux» e «Cármen Lúcia».',
    ].join('\n');
    check(marked);
  });

  it('masks surname-first citations and initials', () => {
    for (const marked of [
      '«SILVA, João Carlos». Direito Civil. São Paulo: Saraiva, 2019.',
      'Ver «SOUZA, M. A.» Processo Civil.',
      'Segundo «J. C. Oliveira», o prazo foi mantido.',
    ])
      check(marked);
  });

  it('masks a name known by what follows it: a bar number, a CPF, a civil status', () => {
    for (const marked of ['Adv.: «Rafael Matos» (OAB/SP 123.456)', 'Outorgante «Kelvin Dorneles Abreu», brasileiro, casado, empresário.'])
      check(marked);
  });

  it('leaves federal units, municipalities, districts with their state, and regions', () => {
    for (const text of [
      'Trata-se de ação contra o Estado de Minas Gerais e o Município de Belo Horizonte.',
      'Mora na Vila Mariana, perto do Jardim Paulista, em Santa Teresa, Rio de Janeiro - RJ.',
      'residente em Copacabana, Rio de Janeiro - RJ, e trabalha no Nordeste.',
      'São Paulo, 12 de março de 2024.',
    ])
      assert.equal(m.maskText(text).value, text);
  });

  it('leaves public bodies, courts, institutes, universities and companies, whatever names they hold', () => {
    const text =
      'Acordam os Desembargadores da 3ª Câmara de Direito Privado do Tribunal de Justiça do Estado de São Paulo. ' +
      'Ação contra o Instituto Nacional do Seguro Social – INSS e a Caixa Econômica Federal. Estudou na Universidade ' +
      'Federal de Minas Gerais e na Fundação Getúlio Vargas; trabalha no Instituto Oswaldo Cruz e no Hospital Albert ' +
      'Einstein; comprou no Magazine Luiza. O Supremo Tribunal Federal e a Receita Federal.';
    assert.equal(m.maskText(text).value, text);
  });

  it('leaves places, works and firms named after people, with the people beside them masked', () => {
    for (const marked of [
      'A aluna «Rayane Cordeiro» estuda na Escola Municipal Vereador Antônio Brayner desde 2021.',
      'A aluna da Escola Estadual Senador Petrônio Portella faltou.',
      'O parto foi na Maternidade Dona Íris Rezende Machado; alta dada pela Dra. «Quitéria Albuquerque».',
      'Encaminhada ao Hospital Regional Dr. Osmar Cunha e depois à Policlínica Almirante Tamandaré.',
      'Consulta no Ambulatório Prof. Edgard Santos, sala 4.',
      'Na Creche Municipal Tia Cotinha, a merenda chegou.',
      'O show foi no Auditório Ibirapuera Oscar Niemeyer e no Ginásio Poliesportivo Gilberto Cardoso.',
      'Reunião na Sala Cecília Meireles do Espaço Cultural Mestre Vitalino.',
      'A Lei Berenice Piana protege as pessoas com autismo.',
      'Contratou Tavares & Quintela Advogados Associados para a defesa de «Josué Brandão».',
      'Parecer de Albuquerque, Nóbrega & Fontes Sociedade de Advogados.',
      'A Paraná Vistorias enviou o laudo e a Goiânia Corretora de Seguros, a apólice.',
      'Quem vai é o «Damião» da Sergipe Engenharia, com o técnico «Erisvaldo Menezes».',
    ])
      check(marked);
  });

  it("leaves a vessel's, an animal's, a business's or a locality's name after the noun that says what it is", () => {
    for (const marked of [
      'O barco Seu Tonho II e a lancha pesqueira Dona Benedita saíram às 5h; o mestre «Raimundo Nonato Pinto» a bordo.',
      'Vacinada a cadela Dona Cotinha e o gato Bartolomeu, do tutor «Osmarino Teles».',
      'O B/M Comandante Nélio Castro III atracou no cais.',
      'Almoço no restaurante Dona Lurdinha com a paciente «Jucélia Amorim».',
      'O posto fica no bairro Padre Zé II e atende o distrito Frei Inocêncio; a agente «Tainá Pereira» visita o povoado Zé Doca.',
    ])
      check(marked);
  });

  it('masks a person named again by one word of a name found earlier in the text', () => {
    for (const marked of [
      'Depoente: «Oyelaran Adeyemi Tchoumba», angolano. Disse que «Oyelaran» chegou em 2019 e que «Tchoumba» é o sobrenome da mãe.',
      'O réu «Wojciech Zielinski» mora em Curitiba; na casa do «Wojciech» foi encontrado o celular.',
      // Only later mentions: a word before the full name is not known yet.
      'Ligou o Wojciech. Depois, a testemunha «Wojciech Zielinski» chegou.',
      // A firm, a people or a place that shares the word is left.
      'Paciente «Maraí Guajajara»; o povo Guajajara vive no Maranhão. Fornecedor: Zielinski Reformas Ltda, Vinícola Zielinski.',
    ])
      check(marked);
  });

  it('remembers the names of earlier stream windows as the whole text does, and changes nothing masking again', () => {
    const text = 'Autora: Khadija Benali Haddad.\n' + 'Texto de preenchimento. '.repeat(300) + '\nKhadija voltou; Haddad também.';
    assert.ok(!m.maskText(text).value.includes('Khadija'));
    assertStableMasking(m, text, ['name']);
  });

  it('still masks a person whose surname is an organisation word', () => {
    for (const marked of ['O sócio «Leonel da Ponte» assinou.', 'Assinou «Ruth Câmara Sales», gerente.']) check(marked);
  });

  it('leaves all-caps case summaries and the words of a signature block', () => {
    const text =
      'EMENTA: APELAÇÃO CÍVEL. RESPONSABILIDADE CIVIL. DANO MORAL. INSCRIÇÃO INDEVIDA EM CADASTRO DE INADIMPLENTES. ' +
      'SENTENÇA MANTIDA. RECURSO DESPROVIDO.\nDocumento assinado digitalmente conforme código verificador. Juiz de Direito Substituto.';
    assert.equal(m.maskText(text).value, text);
  });

  it('never masks the names of fields', () => {
    const text = 'NOME COMPLETO      CPF      NOME DA MÃE';
    assert.equal(m.maskText(text).value, text);
  });
});
