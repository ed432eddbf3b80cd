/**
 * Word lists of the name and address detectors: IBGE first names with their frequency, common
 * surnames, cue words and words that stop a name. Built lazily, once, on first use, into one word
 * table (the ~64k first names among its entries; parsing them takes a few milliseconds).
 */
import { FIRST_NAMES_DATA } from '../lexicon/firstNames.js';
import { MUNICIPALITIES_DATA, STATES_DATA } from '../lexicon/places.js';
import { SURNAMES_DATA } from '../lexicon/surnames.js';
import { FOREIGN_FIRST_NAMES_DATA } from '../lexicon/foreignFirstNames.js';
import { fold } from './chars.js';
import { monthNames } from './validate.js';
import { WordTable } from './wordTable.js';

/** Names at least this common (~3,000 births) stand alone as a name when capitalised mid-sentence. */
export const COMMON_NAME_WEIGHT = 7;
/** The weight of a given name from abroad (foreignFirstNames.ts): a name given about a hundred times in the survey. */
const FOREIGN_NAME_WEIGHT = 4;
/** Names this common (~1M births) are never treated as ordinary words (the word lists carry "pedro", "maria"). */
const NEVER_AMBIGUOUS_WEIGHT = 12;

/**
 * Visits the survey's first names in its order (commonest first): `weight` is round(2·log10(births))
 * (14 for MARIA, 2 for a name given ~10 times), `ambiguous` says it is also an ordinary word (rosa,
 * paz, glória, will), so context must confirm it. Nothing is kept: the engine reads the names
 * from the word table (wordTable(), their weight and ambiguity bits), where a map of the 64k names
 * would stay beside it (5.8 MB of heap for the life of the gateway, docs/performance.md).
 */
function forEachFirstName(visit: (name: string, weight: number, ambiguous: boolean) => void): void {
  const dropped = new Set(NOT_FIRST_NAMES);
  for (const entry of FIRST_NAMES_DATA.split(',')) {
    let end = entry.length;
    const ambiguousFlag = entry.charCodeAt(end - 1) === 0x7e;
    if (ambiguousFlag) end--;
    const weight = entry.charCodeAt(end - 1) - 97;
    const name = entry.slice(0, end - 1);
    if (!dropped.has(name)) visit(name, weight, ambiguousFlag && weight < NEVER_AMBIGUOUS_WEIGHT);
  }
}

/** The first names at least `minWeight` common that are never ordinary words, commonest first. */
export function unambiguousFirstNames(minWeight: number): string[] {
  const names: string[] = [];
  forEachFirstName((name, weight, ambiguous) => {
    if (weight >= minWeight && !ambiguous) names.push(name);
  });
  return names;
}

/** Whether a folded word is one of the survey's first names. */
export function isFirstName(folded: string): boolean {
  return nameWeight(wordTable().getFolded(folded)) >= 0;
}

/** Survey entries that are far more often something else in documents. */
const NOT_FIRST_NAMES = [
  'SAO',
  'SANTA',
  'SANTO',
  'RUA',
  'BRASIL',
  'JAVA',
  'DEUS',
  'VIDA',
  'NOVA',
  'VALE',
  'MAR',
  'SOL',
  'DIA',
  'MAIO',
  'JUNHO',
  'JULHO',
  'MARCO',
  'NATAL',
  'ESTRELA',
  'NOME',
  'CLIENTE',
  'TOTAL',
  'DATA',
  'CPF',
  'CEP',
  'RG',
  'CNH',
  'PIS',
  'NIS',
  'IP',
  'SP',
  'RJ',
  'MG',
  'BA',
  'PR',
  'SC',
  'RS',
  'GO',
  'DF',
  'ES',
  'PE',
  'CE',
  'PA',
  'AM',
  'MA',
  'PI',
  'RN',
  'PB',
  'AL',
  'SE',
  'TO',
  'MT',
  'MS',
  'RO',
  'RR',
  'AP',
  'AC',
  'UF',
  'OK',
  'ID',
  'API',
  'URL',
  'HTTP',
  'JSON',
  'NULL',
  'TRUE',
  'FALSE',
  'NONE',
  'ERROR',
  'INFO',
  'DEBUG',
  'WARN',
  'TODO',
  'FIXME',
  'NOTE',
  'TEST',
  'ENDERECO',
  'TELEFONE',
  'EMAIL',
  'CNPJ',
  'NASCIMENTO',
  'CARTAO',
  'DADO',
  'TITULO',
  'ELEITOR',
  'REDACTED',
  'RUBY',
  'RUST',
  'SWIFT',
  'DART',
  'ELIXIR',
  'CRYSTAL',
  'PERL',
  'LISP',
  'NODE',
  'REACT',
  'ANGULAR',
  'VUE',
  'LINUX',
  'ORACLE',
  'APPLE',
  'AMAZON',
  'GOOGLE',
  'MICROSOFT',
  'WINDOWS',
  'ANDROID',
  'MAC',
  'MAIN',
  'MASTER',
  'STATUS',
  'LOG',
  'USER',
  'ADMIN',
];

/**
 * Common Brazilian surnames: confirm a name chain, and let a surname-only chain after a cue stand.
 * The generated lexicon adds about ten thousand more (immigrant families' and transliterated ones).
 */
const SURNAMES = `SILVA SANTOS OLIVEIRA SOUZA SOUSA RODRIGUES FERREIRA ALVES PEREIRA LIMA GOMES COSTA RIBEIRO MARTINS CARVALHO
ALMEIDA LOPES SOARES FERNANDES VIEIRA BARBOSA ROCHA DIAS NASCIMENTO ANDRADE MOREIRA NUNES MARQUES MACHADO MENDES FREITAS
CARDOSO RAMOS GONCALVES SANTANA TEIXEIRA ARAUJO CASTRO PINTO CORREIA CORREA AZEVEDO MONTEIRO MOURA CAVALCANTI CAVALCANTE
BEZERRA PIRES REIS BATISTA BAPTISTA MORAES MORAIS CAMPOS MIRANDA MOTA MOTTA NOGUEIRA BRITO BRANDAO BARROS MEDEIROS FARIAS
FONSECA TAVARES COELHO SALES SALLES FRANCO XAVIER MELO MELLO AGUIAR PACHECO MACEDO MATOS MATTOS VASCONCELOS QUEIROZ
SIQUEIRA SILVEIRA BORGES GUIMARAES LEITE PAIVA VALENTE DUARTE FIGUEIREDO ASSIS PRADO PEIXOTO BRAGA FRAGA REZENDE RESENDE
ABREU CRUZ ROSA PAZ NEVES BARRETO CUNHA GUERRA LACERDA MACIEL MAGALHAES LEAL SAMPAIO PORTO TORRES RAMALHO QUINTANILHA
CAMARGO BUENO CALDEIRA ALBUQUERQUE AMARAL AMORIM ANTUNES ARRUDA BASTOS BELTRAO BRAZ CABRAL CALDAS CAMARA CANDIDO CARNEIRO
CARVALHAES CASTILHO CHAVES CORDEIRO COUTINHO DANTAS DUTRA ESTEVES FALCAO FARIA FEITOSA FIGUEIRA FONTES FREIRE FURTADO
GALVAO GARCIA GODOY GOIS GUEDES HOLANDA JARDIM JUSTINO LEMOS LEAO LOBO LOUREIRO LUZ MAIA MANSUR MATIAS MEIRELES MESQUITA
MONTENEGRO NOVAES NOVAIS OLIVA ORTIZ PAES PAIS PASSOS PEDROSA PESSOA PIMENTEL PINHEIRO PONTES QUEIROS RANGEL REGO RIOS
ROCHA ROMERO SALGADO SANCHES SANTIAGO SANTOS SARAIVA SERRA SIMOES SOBRAL TELES TELLES TOLEDO TRINDADE VALADARES VALE VARGAS
VELOSO VENTURA VIANA VIANNA VILELA VILLELA WANDERLEY ZANETTI BORBA BOTELHO BRUM CAMPELO CARDOZO CASSIANO CERQUEIRA CORTES
DAMASCENO DELGADO DOMINGUES ESPINDOLA EVANGELISTA FAGUNDES FELIX FIGUEROA FLORES FRANCA FRANCO GALDINO GONZAGA HONORATO
JESUS LEANDRO LIRA LYRA LUCENA MACHADO MAGALHAES MARINHO MATTA MENEZES MOREIRA MOTA MOURAO NETO NETTO OTONI PADILHA
PALMEIRA PAULA PIMENTA PINTO PRATES QUADROS RIBAS ROCHA ROLIM SAMPAIO SERAFIM SILVESTRE TEODORO TRAJANO URBANO VALENCA
VIEGAS XIMENES ZAGO ZAMBONI SCHMIDT SCHNEIDER MULLER WEBER BECKER HOFFMANN KLEIN WAGNER FISCHER KOCH RICHTER ROSSI RUSSO
FERRARI ESPOSITO BIANCHI ROMANO COLOMBO RICCI MARINO GRECO BRUNO GALLO CONTI DEMARCHI MANCINI LOMBARDI MORETTI BARBIERI
FONTANA SANTORO MARIANI RINALDI CARUSO FERRARA GALLI MARTINI LEONE LONGO GENTILE MARTINELLI VITALE SERRANO ZANELLA BORTOLOTTO
TANAKA SUZUKI SATO WATANABE TAKAHASHI ITO YAMAMOTO NAKAMURA KOBAYASHI KATO YOSHIDA YAMADA SASAKI YAMAGUCHI MATSUMOTO INOUE
KIMURA HAYASHI SHIMIZU YAMAZAKI MORI ABE IKEDA HASHIMOTO ISHIKAWA OGAWA HADDAD SAAD KHOURY NADER AUAD SALOMAO MALUF
PARK CHOI JUNG JEONG KANG CHO YOON JANG LIM SHIN KWON HWANG AHN YOO JEON BAE BAEK HEO NOH KWAK KOO RYU EOM CHAE CHEON BYUN
YEOM HYUN
JUNIOR FILHO NETO SOBRINHO SEGUNDO`;

let surnames: Set<string> | undefined;
export function surnameSet(): Set<string> {
  surnames ??= new Set([...SURNAMES.split(/\s+/), ...SURNAMES_DATA.split(' ')].filter(Boolean));
  return surnames;
}

/** Lower-case connectors inside a name: Maria da Silva, João dos Santos e Souza. */
const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'DE',
  'DA',
  'DO',
  'DOS',
  'DAS',
  'E',
  'DI',
  'DEL',
  'DELLA',
  'VAN',
  'VON',
  'DER',
  'LA',
  'LE',
  'DU',
  'Y',
  'DEN',
  'LOS',
  'LAS',
  'BIN',
  'BINT',
  'IBN',
  'AL',
  'EL',
  'TER',
  'TEN',
]);

/** Name suffixes that continue a chain but are not names by themselves. */
const NAME_SUFFIXES: ReadonlySet<string> = new Set(['JUNIOR', 'JR', 'FILHO', 'NETO', 'NETTO', 'SOBRINHO', 'SEGUNDO', 'II', 'III']);

/**
 * Capitalised words that end a name chain or are never a name on their own: institutions,
 * document labels, months, places, company forms. (Maria Comércio Ltda is a company.)
 */
const STOP_WORDS = `LTDA ME EPP EIRELI S/A CIA COMPANHIA GRUPO BANCO CAIXA ECONOMICA FEDERAL ESTADUAL MUNICIPAL NACIONAL
SSR OSI DOCS DOCA DOCO FOID CTCE CTCM TKNE
CIVIL PENAL LEI CODIGO COMERCIO COMERCIAL INDUSTRIA SERVICOS SERVICO EMPRESA ASSOCIACAO INSTITUTO UNIVERSIDADE ESCOLA
COLEGIO FACULDADE HOSPITAL CLINICA CENTRO IGREJA PAROQUIA FUNDACAO PREFEITURA CAMARA GOVERNO RECEITA MINISTERIO SECRETARIA
TRIBUNAL JUSTICA ESTADO REPUBLICA FEDERATIVA NORTE SUL LESTE OESTE RUA AVENIDA AV TRAVESSA ALAMEDA RODOVIA ESTRADA PRACA
BAIRRO CIDADE CEP CPF RG CNPJ CNH PIS TEL FONE EMAIL E-MAIL DATA NASCIMENTO ENDERECO TELEFONE CELULAR CONTATO NOME CLIENTE
JANEIRO FEVEREIRO MARCO ABRIL MAIO JUNHO JULHO AGOSTO SETEMBRO OUTUBRO NOVEMBRO DEZEMBRO SEGUNDA TERCA QUARTA QUINTA
SEXTA SABADO DOMINGO JANUARY FEBRUARY MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER MONDAY TUESDAY
WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY INC LLC LTD CORP CORPORATION COMPANY BRASIL BRAZIL SAO SANTA SANTO RIO
CONTRATO CONTRATANTE CONTRATADA CONTRATADO CLAUSULA PARAGRAFO ARTIGO ART ANEXO TOTAL VALOR PEDIDO NOTA FISCAL RELATORIO
TABELA SEGUNDO TERCEIRO PRIMEIRO DOCUMENTO PROTOCOLO ASSUNTO ATENCIOSAMENTE OBRIGADO OBRIGADA PREZADO PREZADA REF
STATUS ID API HTTP HTTPS JSON XML HTML SQL TODO NOTE INFO WARN ERROR DEBUG TRACE FATAL TRUE FALSE NULL NONE
SELECT WHERE ILIKE LIKE JOIN INNER OUTER LEFT RIGHT UNION HAVING LIMIT OFFSET DISTINCT BETWEEN EXISTS VALUES INSERT UPDATE
DELETE INTO ORDER GROUP ASC DESC SET
GERAL DIREITO PRIVADO PUBLICO PUBLICA REGIAO ENTRANCIA INSTANCIA CAPITAL VARA COMARCA JUIZO JUIZADO FORUM CARTORIO
APELACAO CIVEL CRIMINAL AGRAVO INSTRUMENTO INTERNO REGIMENTAL RECURSO ESPECIAL EXTRAORDINARIO ORDINARIO EMBARGOS
DECLARACAO INFRINGENTES RESPONSABILIDADE DANO DANOS MORAL MORAIS MATERIAL MATERIAIS INDENIZACAO INDENIZATORIA ACAO ACORDAO
SENTENCA DECISAO DESPACHO MANDADO SEGURANCA HABEAS CORPUS DATA PROCESSO PROCEDIMENTO RELATORIO VOTO EMENTA CONSUMIDOR
PLANO SAUDE BANCARIO PREVIDENCIARIO TRIBUTARIO TRABALHISTA CONSTITUCIONAL ADMINISTRATIVO PROCESSUAL NULIDADE PRESCRICAO
DECADENCIA LEGITIMIDADE ILEGITIMIDADE COMPETENCIA JURISPRUDENCIA SUMULA INCISO ALINEA PROVIMENTO IMPROVIMENTO PROVIDO
DESPROVIDO NEGADO NEGO DOU PARCIAL PARCIALMENTE UNANIME UNANIMIDADE MAIORIA PLENARIO ORGAO JULGADOR REVISOR VOGAL
LITISCONSORTE TERCEIRO INTERESSADO AMICUS CURIAE GRATUITA HONORARIOS ADVOCATICIOS SUCUMBENCIA CUSTAS MULTA TUTELA
ANTECIPADA URGENCIA LIMINAR CAUTELAR EXECUCAO CUMPRIMENTO PENHORA INSCRICAO INDEVIDA CADASTRO INADIMPLENTES MANTIDA
REFORMADA ANULADA EXTINCAO MERITO RECONHECIMENTO INEXISTENCIA DEBITO COBRANCA CONTRATUAL SEGURO REVISIONAL JUROS
ALIMENTOS GUARDA DIVORCIO INVENTARIO USUCAPIAO DESPEJO POSSE PROPRIEDADE FAMILIA SUCESSOES FALENCIA RECUPERACAO
JUDICIAL EXTRAJUDICIAL ELEITORAL MILITAR AMBIENTAL OBRIGACAO FAZER PAGAR QUANTIA CERTA ATO ATOS OFICIO ASSINADO
ASSINATURA DIGITALMENTE ELETRONICAMENTE CONFORME CODIGO VERIFICADOR AUTENTICIDADE CONFERENCIA SIGNATARIO DOCUMENTO
VISTOS RELATADOS DISCUTIDOS ACORDAM PARTICIPARAM JULGAMENTO SESSAO PRESIDIU DESEMBARGADORES MINISTROS JUIZES REGISTRO
ESTADO MUNICIPIO UNIAO REPUBLICA NACIONAL REGIONAL TRABALHO SOCIAL SEGURO INSS STF STJ TST TSE STM TRF TRT TRE TJ TJSP
TJRJ TJMG TJRS TJPR TJSC TJBA TJPE TJDFT MPF MPT MPE MPSP OAB CNJ CNMP AGU PGR PGFN DPU DPE CEF BB IBGE SUS ANVISA ANATEL
ANS ANEEL ANAC DETRAN DENATRAN PRF SEFAZ USP UNICAMP UNESP UFMG UFRJ UFRGS UFPR UFSC UFBA UFPE UNB PUC FGV CPF CNPJ LTDA
TCU TCE TCM CGU CADE BACEN BCB CVM SUSEP PETROBRAS ELETROBRAS CORREIOS ECT DNIT INCRA FUNAI IBAMA ICMBIO FUNASA EMBRAPA
SERPRO DATAPREV CAPES CNPQ INEP FNDE CARF CNA ABNT INMETRO PROCON SENAI SESI SENAC SESC SEBRAE FIESP CNI ONU OMS OEA
CRM CRECI CRP CREA CRO COREN CRF CRN CREFITO CRMV CRC CAU CRESS CRBIO CRQ`;

/** A company's legal forms (folded, without dots or slashes): LTDA, S.A., S/A, EIRELI, ME, EPP, & Cia… */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'LTDA',
  'SA',
  'EIRELI',
  'EPP',
  'ME',
  'MEI',
  'SPE',
  'CIA',
  'LTD',
  'INC',
  'LLC',
  'SS',
]);
/** Legal forms that are also ordinary words or initials: they count only in capitals. */
export const SHORT_LEGAL_FORMS: ReadonlySet<string> = new Set(['SA', 'ME', 'SS']);

/** Whether `letters` (a word without its dots or slashes, as written) is a company's legal form. */
export function legalForm(letters: string): boolean {
  const folded = letters.toUpperCase();
  return LEGAL_FORMS.has(folded) && (!SHORT_LEGAL_FORMS.has(folded) || letters === folded);
}

/** Honorifics of a court (`Egrégio Tribunal`, `Colendo Superior Tribunal`): the body follows, no office's holder. */
export const COURT_HONORIFICS: ReadonlySet<string> = new Set(['EGREGIO', 'COLENDO', 'EXCELSO']);

/** Words that open the name of a public body or organisation: the capitalised words after them belong to it. */
export const ORG_HEADS: ReadonlySet<string> = new Set(
  `TRIBUNAL SUPREMO SUPERIOR MINISTERIO UNIVERSIDADE FACULDADE INSTITUTO FUNDACAO HOSPITAL CLINICA ESCOLA COLEGIO SECRETARIA
  PREFEITURA CAMARA SENADO ASSEMBLEIA PROCURADORIA DEFENSORIA PROMOTORIA ADVOCACIA VARA COMARCA JUIZADO FORUM CARTORIO
  TABELIONATO DELEGACIA POLICIA RECEITA BANCO CAIXA FAZENDA AGENCIA AUTARQUIA EMPRESA COMPANHIA CIA ASSOCIACAO SINDICATO
  CONSELHO ORDEM CONFEDERACAO FEDERACAO SERVICO SUPERINTENDENCIA DEPARTAMENTO DIRETORIA COORDENADORIA COORDENACAO GERENCIA TURMA SECAO
  PLENARIO CORTE CONGRESSO GOVERNO CENTRO NUCLEO LABORATORIO IGREJA PAROQUIA CONDOMINIO EDIFICIO SHOPPING MUSEU TEATRO
  ESTADIO AEROPORTO PARTIDO CLUBE ACADEMIA COOPERATIVA CONSORCIO GRUPO ESCRITORIO JUSTICA UNIDADE POSTO COMANDO BATALHAO
  REGIMENTO EXERCITO MARINHA AERONAUTICA ESTADO MUNICIPIO UNIAO REPUBLICA DISTRITO REGIAO COMARCA ENTIDADE ORGANIZACAO
  LOJAS LOJA CASAS MAGAZINE DROGARIA FARMACIA SUPERMERCADO SUPERMERCADOS RESTAURANTE PADARIA HOTEL POUSADA EDITORA GRAFICA
  CONSTRUTORA INCORPORADORA TRANSPORTADORA IMOBILIARIA CONCESSIONARIA ESTALEIRO USINA FABRICA INDUSTRIA INDUSTRIAS
  COMERCIO DISTRIBUIDORA LIVRARIA ACADEMIA RADIO TV TELEVISAO JORNAL REVISTA PRAIA PONTE PARQUE PRACA BIBLIOTECA
  CATEDRAL SANTUARIO CAPELA BASILICA CEMITERIO PRESIDIO PENITENCIARIA FUNDO PROGRAMA PROJETO EMEF EMEI CMEI EMEB EEEFM EEFM
  CEEJA ETEC FATEC CIEP CAIC UBS UPA CAPS CRAS CREAS USF APS CAMPUS EMEIEF EGREGIO COLENDO EXCELSO MERCANTIL MERCEARIA MERCADINHO
  ARMAZEM EMPORIO BAZAR BARRACA LANCHONETE PIZZARIA CHURRASCARIA SORVETERIA OFICINA BORRACHARIA AUTOPECAS MADEIREIRA
  VIDRACARIA SERRALHERIA OTICA BARBEARIA ODONTO DENTAL AUTO MATERNIDADE POLICLINICA AMBULATORIO SANATORIO HEMOCENTRO
  CRECHE AUDITORIO GINASIO ESPACO SALA MEMORIAL COMPLEXO GALERIA PINACOTECA CINE CINEMA ESTACAO RODOVIARIA TERMINAL CICLOVIA
  PASSARELA TUNEL MOSTEIRO CONVENTO SEMINARIO LICEU CONSERVATORIO OBSERVATORIO PLANETARIO HORTO ASILO ORFANATO ABRIGO
  EDUCANDARIO INSTITUICAO RESERVA QUILOMBO LEI DECRETO PREMIO MEDALHA TROFEU TORNEIO CAMPEONATO FESTIVAL BIENAL CATEDRA
  OPERACAO FUNERARIA REFRIGERACAO CORRETORA SEGURADORA FRIGORIFICO LATICINIOS AGROPECUARIA METALURGICA TECELAGEM CERAMICA
  OLARIA SERRARIA MARMORARIA CONFECCOES CALCADOS NAVIO REBOCADOR VELEIRO BALSA LANCHA CASA COHAB OUVIDORIA LEIS VIADUTO BARCO EMBARCACAO
  EE EEF EEM EEB EEEF EEEM EMEFM EMEIF CEF CED CEM CER CEREST CAPSI CMEF VINICOLA CERVEJARIA DESTILARIA ALAMBIQUE ACOUGUE
  FLORICULTURA LAVANDERIA PAPELARIA SAPATARIA JOALHERIA RELOJOARIA QUITANDA DOCERIA CONFEITARIA PASTELARIA CAFETERIA
  HOSTEL ALBERGUE CACHACARIA BICICLETARIA MARCENARIA TABACARIA PEIXARIA CHOCOLATERIA HAMBURGUERIA TAPIOCARIA CREPERIA
  PETISCARIA ESPETARIA ADEGA ARMARINHO ATELIE CANTINA TRATTORIA OSTERIA BISTRO QUIOSQUE LOTERICA COPIADORA
  AUTOESCOLA DEDETIZADORA VIDRACARIA TORREFADORA LAR PASTORAL MISSAO MOVIMENTO RECANTO IRMANDADE CONFRARIA CONGREGACAO
  SICREDI SICOOB CRESOL UNICRED
  FILARMONICA ORQUESTRA CORAL TERREIRO FUNILARIA ESTACIONAMENTO THEATRO SOCIEDADE ADMINISTRADORA GESTORA CONSORCIOS GREMIO`.split(/\s+/),
);

/**
 * Organisation heads that are named after people as often as not (`Escola Estadual Gonçalves
 * Dias`, `Maternidade Dona Evangelina Rosa`): after a role and `de`/`da`/`do` (`aluna da Escola
 * …`) the capitalised words are the institution's name, not a person after an office's title
 * (`Delegada de Polícia Civil Iracema Lima`).
 */
export const NAMED_INSTITUTION_HEADS: ReadonlySet<string> = new Set(
  `ESCOLA COLEGIO FACULDADE UNIVERSIDADE INSTITUTO FUNDACAO HOSPITAL CLINICA MATERNIDADE POLICLINICA AMBULATORIO CRECHE
  UBS USF UPA CAPS CRAS CREAS EMEF EMEI CMEI EMEB EEEFM EEFM CEEJA ETEC FATEC CIEP CAIC CENTRO NUCLEO BIBLIOTECA MUSEU TEATRO
  ESTADIO GINASIO AUDITORIO ESPACO SALA PRACA PARQUE AEROPORTO PONTE EDIFICIO CONDOMINIO IGREJA PAROQUIA CAPELA CATEDRAL
  SANTUARIO BASILICA CEMITERIO PRESIDIO PENITENCIARIA LICEU ASILO ORFANATO ABRIGO EDUCANDARIO MEMORIAL COMPLEXO LABORATORIO
  CLUBE ACADEMIA CASAS LOJAS COOPERATIVA ASSOCIACAO SINDICATO EE EEF EEM EEB EEEF EEEM EMEFM EMEIF CEF CED CEM CER CEREST
  CAPSI CMEF`.split(/\s+/),
);

let stopWords: Set<string> | undefined;
function stopWordSet(): Set<string> {
  stopWords ??= new Set(STOP_WORDS.split(/\s+/).filter(Boolean));
  return stopWords;
}

/** Logradouro types; the value says whether it needs a trailing dot (abbreviations). */
export const STREET_TYPES: ReadonlyMap<string, 'word' | 'abbr' | 'weak'> = new Map([
  ['RUA', 'word'],
  ['AVENIDA', 'word'],
  ['TRAVESSA', 'word'],
  ['ALAMEDA', 'word'],
  ['RODOVIA', 'word'],
  ['ESTRADA', 'word'],
  ['PRACA', 'word'],
  ['LARGO', 'weak'],
  ['VIELA', 'word'],
  ['BECO', 'weak'],
  ['LADEIRA', 'weak'],
  ['SERVIDAO', 'weak'],
  ['PASSAGEM', 'weak'],
  ['VIA', 'weak'],
  ['QUADRA', 'weak'],
  ['TRAV', 'abbr'],
  ['AV', 'abbr'],
  ['AVDA', 'abbr'],
  ['R', 'abbr'],
  ['TV', 'abbr'],
  ['AL', 'abbr'],
  ['ROD', 'abbr'],
  ['ESTR', 'abbr'],
  ['PCA', 'abbr'],
  ['PC', 'abbr'],
  ['LGO', 'abbr'],
  ['SQS', 'weak'],
  ['SQN', 'weak'],
  ['SHIS', 'weak'],
  ['SHIN', 'weak'],
  ['SCLN', 'weak'],
  ['SCLS', 'weak'],
  ['CLN', 'weak'],
  ['CLS', 'weak'],
  ['QI', 'weak'],
  ['QL', 'weak'],
  ['QNM', 'weak'],
  ['QNN', 'weak'],
  ['QS', 'weak'],
  ['QN', 'weak'],
  ['QR', 'weak'],
  ['SHN', 'weak'],
  ['SHS', 'weak'],
  ['SCS', 'weak'],
  ['SQSW', 'weak'],
  ['SQNW', 'weak'],
  ['CRS', 'weak'],
  // The rest of Brasília's residential sectors (Ceilândia's QNO, Taguatinga's QSD, Guará's QE, Sobradinho's QMS…).
  ...'QNA QNB QNC QND QNE QNF QNG QNH QNJ QNL QNO QNP QNQ QNR QE QSA QSB QSC QSD QSE QSF QMS QMN QRSW EQS EQN EQNM SHCS SHCN SHCES SHCSW SHCGN SHTN SHVP SMPW SMDB SHIGS SGAN SGAS SEPN SEPS SCRN SCRS'
    .split(' ')
    .map((sector): [string, 'weak'] => [sector, 'weak']),
  ['VIADUTO', 'word'],
  ['MARGINAL', 'weak'],
  ['CAMINHO', 'weak'],
  ['ACESSO', 'weak'],
  // The Amazon's stilt walkways (Macapá, Belém), stairways of hillside towns, rural side roads.
  ['PASSARELA', 'weak'],
  ['ESCADARIA', 'weak'],
  ['VICINAL', 'weak'],
  // Across the borders (Rivera, Ciudad del Este, Leticia): a street that needs its number.
  ['CALLE', 'weak'],
  ['CARRERA', 'weak'],
]);

/** Full form of each abbreviated logradouro type, so `R.` and `Rua` give the same HMAC. */
export const STREET_TYPE_EXPANSION: ReadonlyMap<string, string> = new Map([
  ['R', 'RUA'],
  ['AV', 'AVENIDA'],
  ['AVDA', 'AVENIDA'],
  ['TV', 'TRAVESSA'],
  ['TRAV', 'TRAVESSA'],
  ['AL', 'ALAMEDA'],
  ['ROD', 'RODOVIA'],
  ['ESTR', 'ESTRADA'],
  ['PCA', 'PRACA'],
  ['PC', 'PRACA'],
  ['LGO', 'LARGO'],
]);

/** Words that introduce an address complement: apto 12, bloco B, sala 301, casa 2, lote 5. */
const ADDRESS_COMPLEMENTS: ReadonlySet<string> = new Set([
  'APTO',
  'APT',
  'AP',
  'APARTAMENTO',
  'BLOCO',
  'BL',
  'SALA',
  'SL',
  'CASA',
  'CS',
  'CONJUNTO',
  'CONJ',
  'CJ',
  'ANDAR',
  'LOTE',
  'LT',
  'QUADRA',
  'QD',
  'QDA',
  'LOJA',
  'LJ',
  'FUNDOS',
  'FRENTE',
  'TORRE',
  'UNIDADE',
  'BOX',
  'GALPAO',
  'EDIFICIO',
  'ED',
  'EDIF',
  'COBERTURA',
  'SOBRELOJA',
  'TERREO',
  'KM',
  'CHACARA',
  'SITIO',
  'INTERIOR',
  'COMPLEMENTO',
  'COMPL',
  'SOBRADO',
  'ANEXO',
  'SUBSOLO',
  'ESQUINA',
  'COND',
  'CONDOMINIO',
  'PREDIO',
]);

/** Words in a street name after the type: Rua Dr. Arnaldo, Av. Pres. Vargas. */
const STREET_NAME_TITLES: ReadonlySet<string> = new Set([
  'DR',
  'DRA',
  'PROF',
  'PROFA',
  'GOV',
  'PRES',
  'MAL',
  'CEL',
  'GEN',
  'SEN',
  'DEP',
  'ENG',
  'ALM',
  'BRIG',
  'CAP',
  'TEN',
  'SGT',
  'PE',
  'STA',
  'STO',
  'S',
  'N',
  'SRA',
  'D',
  'CONS',
  'DES',
  'MIN',
  'VER',
  'PREF',
  'CMTE',
  'MONS',
  'COM',
  'PDE',
  'VISC',
  'BAR',
  'MQ',
  'MAJ',
  'TTE',
  'CDE',
  'DQ',
  'FR',
]);

/** Rural localities written where a street's type stands: `Sítio Carrapateira, Zona Rural, s/n`, `Linha 12, Km 18, Lote 04`. */
const RURAL_TYPES: ReadonlySet<string> = new Set([
  'SITIO',
  'FAZENDA',
  'CHACARA',
  'LINHA',
  'RAMAL',
  'TRAVESSAO',
  'COLONIA',
  'ALDEIA',
  'COMUNIDADE',
  'ASSENTAMENTO',
  'GLEBA',
  'POVOADO',
  'VICINAL',
  'ESTANCIA',
  'CORREGO',
  'QUILOMBO',
  'LOCALIDADE',
  'AGROVILA',
  'SERINGAL',
  'GRANJA',
  'RANCHO',
  'RETIRO',
  'ILHA',
]);

/** Housing estates and plots that may open an address before its street or locality. */
const ESTATE_TYPES: ReadonlySet<string> = new Set([
  'CONJUNTO',
  'CONJ',
  'RESIDENCIAL',
  'CONDOMINIO',
  'LOTE',
  'LT',
  'VILA',
  'JARDIM',
  'PARQUE',
  'LOTEAMENTO',
  'NUCLEO',
]);

/** Words that mark a bairro after the street: `- Bairro Centro`, `, Jd. América`. */
const BAIRRO_MARKERS: ReadonlySet<string> = new Set([
  'BAIRRO',
  'B',
  'JD',
  'JARDIM',
  'VILA',
  'VL',
  'PARQUE',
  'PQ',
  'RESIDENCIAL',
  'SETOR',
  'CONJUNTO',
  'LOTEAMENTO',
  'NUCLEO',
  'ZONA',
  // The land, reserve or district of a rural or indigenous locality (`Aldeia Pyau, Terra Indígena Xipaya`).
  'TERRA',
  'RESERVA',
  'RESEX',
  'DISTRITO',
  'IGARAPE',
]);

export const UF_CODES: ReadonlySet<string> = new Set([
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
]);

let places: Set<string> | undefined;
let placeFirst: Set<string> | undefined;
/** First words of multi-word places (SAO, SANTA, RIO, BELO…): a chain starting there may be a place. */
function placeStarts(): Set<string> {
  placeFirst ??= new Set([...placeSet()].filter((place) => place.includes(' ')).map((place) => place.slice(0, place.indexOf(' '))));
  return placeFirst;
}
/** Regions and areas named like places: a chain equal to one is a place, not a person. */
const REGIONS = `NORTE|NORDESTE|CENTRO OESTE|SUDESTE|SUL|CENTRO SUL|BRASIL|AMAZONIA|AMAZONIA LEGAL|PANTANAL|CERRADO|SERTAO|AGRESTE
|AMERICA|AMERICA LATINA|AMERICA DO SUL|AMERICA DO NORTE|EUROPA|AFRICA|ASIA|OCEANIA|MERCOSUL|ARGENTINA|URUGUAI|PARAGUAI|BOLIVIA
|CHILE|PERU|COLOMBIA|VENEZUELA|EQUADOR|GUIANA|SURINAME|MEXICO|CANADA|ESTADOS UNIDOS|EUA|PORTUGAL|ESPANHA|FRANCA|ITALIA
|ALEMANHA|INGLATERRA|REINO UNIDO|HOLANDA|BELGICA|SUICA|AUSTRIA|IRLANDA|GRECIA|RUSSIA|CHINA|JAPAO|COREIA|INDIA|ISRAEL
|LIBANO|SIRIA|ANGOLA|MOCAMBIQUE|CABO VERDE|NIGERIA|AFRICA DO SUL|AUSTRALIA|CUBA|HAITI|LISBOA|PORTO|PARIS|LONDRES|ROMA
|MADRI|NOVA YORK|NOVA IORQUE|MIAMI|BUENOS AIRES|MONTEVIDEU|ASSUNCAO|SANTIAGO|LIMA|BOGOTA|TOQUIO|PEQUIM|XANGAI`
  .split('|')
  .map((name) => name.trim());

/**
 * Municipalities (IBGE's table, lexicon/places.ts), states and regions, folded: `SAO PAULO`,
 * `SANTA MARIA`, `VITORIA`; a chain equal to one is a place.
 */
export function placeSet(): Set<string> {
  if (places) return places;
  const set = new Set<string>(REGIONS);
  const folded = (name: string): string =>
    fold(name)
      .replace(/[^A-Z ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  for (const state of STATES_DATA.split(',')) set.add(folded(state.slice(state.indexOf('=') + 1)));
  for (const group of MUNICIPALITIES_DATA.split(';'))
    for (const city of group.slice(group.indexOf(':') + 1).split('|')) set.add(folded(city));
  places = set;
  return set;
}

const MONTHS_PT: ReadonlySet<string> = new Set([
  'JANEIRO',
  'FEVEREIRO',
  'MARCO',
  'ABRIL',
  'MAIO',
  'JUNHO',
  'JULHO',
  'AGOSTO',
  'SETEMBRO',
  'OUTUBRO',
  'NOVEMBRO',
  'DEZEMBRO',
]);
const MONTHS_EN: ReadonlySet<string> = new Set([
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'SEPT',
  'OCT',
  'NOV',
  'DEC',
]);

// ---- one table for every word list ------------------------------------------------------------
// The scanner looks each word up once and tests bits, instead of slicing, folding and asking
// a dozen sets. Bits 0-14 say which lists hold the word; bits 25-29 hold 1 + the first-name
// weight (0: not a first name) and bit 30 whether that first name is ambiguous. Cue words
// have their own table (cues.ts).

export const W_SURNAME = 1 << 0;
/** A one-word municipality or state (VITORIA, CAMPINAS). */
export const W_PLACE = 1 << 1;
/** First word of a multi-word place (SAO, SANTA, RIO, BELO). */
export const W_PLACE_START = 1 << 2;
export const W_STOP = 1 << 3;
export const W_PARTICLE = 1 << 4;
export const W_SUFFIX = 1 << 5;
export const W_STREET_WORD = 1 << 6;
export const W_STREET_ABBR = 1 << 7;
const W_STREET_WEAK = 1 << 8;
export const W_MONTH_EN = 1 << 9;
export const W_MONTH_PT = 1 << 10;
export const W_COMPLEMENT = 1 << 11;
export const W_BAIRRO = 1 << 12;
export const W_STREET_TITLE = 1 << 13;
/** Opens the name of a public body or organisation (ORG_HEADS). */
export const W_ORG = 1 << 14;
/** A rural locality's type (Sítio, Linha, Ramal): an address only with a km, a lot, `s/n` or `Zona Rural` after its name. */
export const W_STREET_RURAL = 1 << 15;
export const W_STREET = W_STREET_WORD | W_STREET_ABBR | W_STREET_WEAK | W_STREET_RURAL;
/** A housing estate or a plot written before the street (`Conjunto Satélite, Travessa …`, `Lote 47, Gleba …`): an address only with what follows it. */
export const W_ESTATE = 1 << 19;
/** May open a birth date in words (`doze de…`, `agosto de 1927`, `fev/1971`, `sessenta e sete`): wordDates.ts. */
export const W_DATE_WORD = 1 << 16;
/** Ends a firm's name after its owners' or a place's name (`Hirata & Leão Advogados`, `Pernambuco Vistorias`). */
export const W_COMPANY_TAIL = 1 << 17;
/** What a firm does, written after the names it carries: never a surname. */
const COMPANY_TAILS = `ADVOGADOS ASSOCIADOS ASSOCIADAS ADVOCACIA SOCIEDADE CONSULTORES CONSULTORIA AUDITORES AUDITORIA CONTADORES
CONTABILIDADE CONTABIL ENGENHARIA ARQUITETURA VISTORIAS VISTORIA SEGUROS CORRETORA CORRETORES IMOVEIS EMPREENDIMENTOS
INCORPORACOES CONSTRUCOES CONSTRUTORA TRANSPORTES TRANSPORTADORA LOGISTICA TURISMO VIAGENS EVENTOS ALIMENTOS BEBIDAS
TECNOLOGIA SISTEMAS SOLUCOES INFORMATICA TELECOM TELECOMUNICACOES PARTICIPACOES INVESTIMENTOS ASSESSORIA MARKETING
PUBLICIDADE PRODUCOES PESCADOS EMBALAGENS PLASTICOS MAQUINAS EQUIPAMENTOS AGRICOLA AGROPECUARIA VEICULOS AUTOPECAS MOVEIS
CALCADOS CONFECCOES MATERIAIS ODONTOLOGIA FISIOTERAPIA ESTETICA COSMETICOS IMPORTADORA EXPORTADORA IMPORTACAO EXPORTACAO
DISTRIBUIDORA REPRESENTACOES INDUSTRIAL ENERGIA SANEAMENTO MINERACAO SIDERURGICA METALURGICA TEXTIL FARMACEUTICA
LABORATORIOS DIAGNOSTICOS ADMINISTRADORA INCORPORADORA LOCADORA LOCACOES VIGILANCIA LIMPEZA HOLDING
PARTNERS CONSULTING SOLUTIONS TECHNOLOGIES`.split(/\s+/);

/** A thing, an animal, a business or a locality written in lower case just before its own name (`a embarcação Dona Olívia`, `o cão Thor`, `no bairro José Pinheiro`). */
export const W_THING = 1 << 18;
const THING_NOUNS = `EMBARCACAO BARCO NAVIO LANCHA BALSA CANOA BATELAO REBOCADOR VELEIRO IATE JANGADA TRAINEIRA PESQUEIRO BOTE
CHALANA CATAMARA CAO CACHORRO CACHORRA CADELA CADELINHA CACHORRINHO CACHORRINHA GATO GATA GATINHO GATINHA PET CAVALO EGUA
POTRO POTRA BOI VACA TOURO BEZERRO BEZERRA NOVILHA PAPAGAIO CALOPSITA PERIQUITO COELHO CULTIVAR FURACAO RESTAURANTE
LANCHONETE PADARIA POUSADA HOTEL BAR BOTECO SALAO EDIFICIO PREDIO CONDOMINIO LOTEAMENTO RESIDENCIAL MARCA PRODUTO BAIRRO
DISTRITO POVOADO LOCALIDADE COMUNIDADE ALDEIA QUILOMBO`.split(/\s+/);

/** Numbers up to nineteen written out: a day's or a year's words (wordDates.ts). */
export const SMALL_NUMBER_WORDS: readonly string[] =
  'UM UMA DOIS DUAS TRES QUATRO CINCO SEIS SETE OITO NOVE DEZ ONZE DOZE TREZE QUATORZE CATORZE QUINZE DEZESSEIS DEZESSETE DEZOITO DEZENOVE'.split(
    ' ',
  );
/** Twenty to ninety: a day's or a year's words. */
export const TENS_WORDS: readonly string[] = 'VINTE TRINTA QUARENTA CINQUENTA SESSENTA SETENTA OITENTA NOVENTA'.split(' ');
/** What opens a date in words: a day (`doze`, `primeiro`), a year (`mil`, `sessenta`), a month (`agosto`, `fev`). */
const DATE_WORDS = [...SMALL_NUMBER_WORDS, ...TENS_WORDS, 'PRIMEIRO', 'MIL', ...monthNames()];
const NAME_WEIGHT_SHIFT = 25;
const W_AMBIGUOUS = 1 << 30;

/** `info` as a common first name's (a given name a rule, not the list, knows: `Chul-Soo`). */
export function asCommonFirstName(info: number): number {
  return (info & ~(31 << NAME_WEIGHT_SHIFT)) | ((COMMON_NAME_WEIGHT + 1) << NAME_WEIGHT_SHIFT);
}

/** The first-name weight of a word's info, or -1 when it is no first name. */
export function nameWeight(info: number): number {
  return ((info >>> NAME_WEIGHT_SHIFT) & 31) - 1;
}

/** Whether a word's info is a first name that is also an ordinary word. */
export function nameAmbiguous(info: number): boolean {
  return (info & W_AMBIGUOUS) !== 0;
}

let words: WordTable | undefined;

/** Every word list in one table (built once, on first use). */
export function wordTable(): WordTable {
  if (words) return words;
  const flags = new Map<string, number>();
  const mark = (list: Iterable<string>, bit: number): void => {
    for (const word of list) flags.set(word, (flags.get(word) ?? 0) | bit);
  };
  forEachFirstName((name, weight, ambiguous) => {
    flags.set(name, (flags.get(name) ?? 0) | ((weight + 1) << NAME_WEIGHT_SHIFT) | (ambiguous ? W_AMBIGUOUS : 0));
  });
  // Given names of families from abroad the survey lacks (`Emeka`, `Jadwiga`, `Yanelis`): as rare as a rare Brazilian name.
  for (const name of FOREIGN_FIRST_NAMES_DATA.split(' '))
    if (name !== '' && !flags.has(name)) flags.set(name, (FOREIGN_NAME_WEIGHT + 1) << NAME_WEIGHT_SHIFT);
  mark(surnameSet(), W_SURNAME);
  mark(
    [...placeSet()].filter((place) => !place.includes(' ')),
    W_PLACE,
  );
  mark(placeStarts(), W_PLACE_START);
  mark(stopWordSet(), W_STOP);
  mark(NAME_PARTICLES, W_PARTICLE);
  mark(NAME_SUFFIXES, W_SUFFIX);
  for (const [type, kind] of STREET_TYPES) mark([type], kind === 'word' ? W_STREET_WORD : kind === 'abbr' ? W_STREET_ABBR : W_STREET_WEAK);
  mark(MONTHS_EN, W_MONTH_EN);
  mark(MONTHS_PT, W_MONTH_PT);
  mark(ADDRESS_COMPLEMENTS, W_COMPLEMENT);
  mark(BAIRRO_MARKERS, W_BAIRRO);
  mark(RURAL_TYPES, W_STREET_RURAL);
  mark(ESTATE_TYPES, W_ESTATE);
  mark(DATE_WORDS, W_DATE_WORD);
  mark(COMPANY_TAILS, W_COMPANY_TAIL);
  mark(THING_NOUNS, W_THING);
  mark(STREET_NAME_TITLES, W_STREET_TITLE);
  mark(ORG_HEADS, W_ORG);
  // Federal institutes and universities named by their state (`IFAL Campus Maceió`, `UFPB`): bodies, never people.
  mark(
    [...UF_CODES].flatMap((uf) => [`IF${uf}`, `UF${uf}`]),
    W_ORG,
  );
  words = new WordTable(flags);
  return words;
}
