/**
 * People's names, found by the names matcher (text/matchers/names.ts): chains of capitalised
 * words weighed against the IBGE first-name survey, surnames, cues and the gazetteer of places
 * and public bodies.
 */
import { hasLetter, identifierShaped, personLike } from '../text/personLike.js';
import { foldWords } from './common.js';
import { defineDetector } from './descriptor.js';

/** Words before a name that make it one: titles, parties, roles in contracts, forms and court decisions. */
const CUES = `SR SRA SRTA SENHOR SENHORA DR DRA DOUTOR DOUTORA PROF PROFA PROFESSOR PROFESSORA CLIENTE PACIENTE TITULAR NOME
CONTRATANTE CONTRATADO CONTRATADA LOCADOR LOCADORA LOCATARIO LOCATARIA FIADOR FIADORA OUTORGANTE OUTORGADO OUTORGADA
COMPRADOR COMPRADORA VENDEDOR VENDEDORA SEGURADO SEGURADA BENEFICIARIO BENEFICIARIA RESPONSAVEL ALUNO ALUNA FUNCIONARIO
FUNCIONARIA COLABORADOR COLABORADORA EMPREGADO EMPREGADA REQUERENTE REQUERIDO REQUERIDA AUTOR AUTORA REU TESTEMUNHA DEVEDOR
DEVEDORA CREDOR CREDORA CONSUMIDOR CONSUMIDORA SOLICITANTE DESTINATARIO DESTINATARIA REMETENTE ASSINADO ASSINATURA MR MRS MS
MISS DEAR PREZADO PREZADA OLA CUSTOMER PATIENT HOLDER EMPLOYEE ATENCIOSAMENTE FILHO FILHA MAE PAI ESPOSA MARIDO CONJUGE
PROPRIETARIO PROPRIETARIA MORADOR MORADORA CANDIDATO CANDIDATA USUARIO USUARIA MEDICO MEDICA ADVOGADO ADVOGADA ATENDENTE
TECNICO TECNICA GERENTE DIRETOR DIRETORA ANALISTA CORRETOR CORRETORA PRESIDENTE PRESIDENTA MINISTRO MINISTRA DEPUTADO
DEPUTADA SENADOR SENADORA GOVERNADOR GOVERNADORA PREFEITO PREFEITA VEREADOR VEREADORA JUIZ JUIZA DESEMBARGADOR
DESEMBARGADORA DELEGADO DELEGADA PROMOTOR PROMOTORA CORONEL GENERAL CAPITAO TENENTE SARGENTO SOLDADO PADRE REITOR REITORA`;

export const name = defineDetector({
  id: 'name',
  label: 'NOME',
  summary: "people's names: capitalised chains with a known first name or surname, or after a cue",
  normalise: (value) => foldWords(value).replace(/@/g, ' ').replace(/\s+/g, ' '),
  partial: (value) =>
    value
      .trim()
      .split(/\s+/)
      .map((word) => (/^(d[aeo]s?|e|d[iu]|van|von|del)$/i.test(word) ? word.toLowerCase() : `${[...word][0] ?? ''}*`))
      .join(' '),
  cues: CUES.split(/\s+/).filter(Boolean),
  keys: {
    words: [
      'NOME',
      'NOMES',
      'NAME',
      'NAMES',
      'FULLNAME',
      'FIRSTNAME',
      'LASTNAME',
      'SOBRENOME',
      'SURNAME',
      'NOMECOMPLETO',
      'GIVENNAME',
      'FAMILYNAME',
      'PRENOME',
    ],
  },
  fits: (value, structured) => (structured ? !identifierShaped(value) && hasLetter(value) : personLike(value)),
});
