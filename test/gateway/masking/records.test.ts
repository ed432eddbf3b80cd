/**
 * Line-oriented records read by position: HL7 v2 messages (segments of `|`-separated fields,
 * `^` components, `~` repetitions) and CNAB 400/240 bank files (fixed columns, no delimiters).
 * Each document is written from the formats' public layouts, with check digits generated here;
 * `«LABEL:value»` marks a value and the label it must be replaced by.
 */
import { strict as assert } from 'node:assert';
import { chunksAt, cnpj, cpf, drain, formatCpf, masker, pis } from './fixtures.js';

const m = masker();

const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');

const PATIENT_CPF = cpf([5, 6, 2, 7, 9, 1, 5, 8, 2]);
const GUARANTOR_CPF = cpf([3, 1, 4, 1, 5, 9, 2, 6, 5]);
const PAYER_CPF = cpf([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const PAYER_CPF_2 = cpf([9, 8, 7, 6, 5, 4, 3, 2, 0]);
const PAYER_CNPJ = cnpj('112223330001');
const COMPANY_CNPJ = cnpj('445556660001');

/** An ADT^A01 admission and an ORU^R01 result, one segment a line. */
const HL7 = [
  'MSH|^~\\&|TASY|HMV^2.16.840.1.113883.2.8|LIS|LABHMV|20240315083000-0300||ADT^A01^ADT_A01|MSG000123|P|2.5|||AL|NE|BRA|UNICODE UTF-8',
  'EVN|A01|20240315082500|||7788^«NOME:FONSECA»^«NOME:RITA»^^^^^^HMV',
  `PID|1||7734102^^^HMS^MR~«CNS:807060146163948»^^^CNS^HC~«CPF:${PATIENT_CPF}»^^^RFB^TAX||«NOME:SCHNEIDER»^«NOME:BRUNA»^«NOME:LUANA»^^^^L|«NOME:OLIVEIRA»^«NOME:MARTA»^^^^^M|«DATA_NASCIMENTO:19910817»|F|||«ENDERECO:AV PROTASIO ALVES»^«ENDERECO:2330»^«ENDERECO:AP 604»^PORTO ALEGRE^RS^«CEP:91310003»^BRA^H||«TELEFONE:(51)99634-1802»^PRN^CP~^NET^Internet^«EMAIL:bruna.schneider@gmail.com»|«TELEFONE:(51)3333-4444»^WPN^PH||S||V778899^^^HMS^VN|«CPF:${PATIENT_CPF}»`,
  'NK1|1|«NOME:SCHNEIDER»^«NOME:OTAVIO»^^^^^L|SPO^Conjuge^HL70063|«ENDERECO:RUA FELIPE CAMARAO»^«ENDERECO:510 CASA 2»^PORTO ALEGRE^RS^«CEP:90035-140»^BRA^H|«TELEFONE:(51)98122-4477»^PRN^CP',
  'PV1|1|I|UTI^12^B^HMV||||12345^«NOME:MACHADO»^«NOME:PAULO»^«NOME:R»^^DR^^^CRM-RS|54321^«NOME:TEIXEIRA»^«NOME:ANA»^^^DRA|||||||||67890^«NOME:LIMA»^«NOME:JOAO»^^^DR|||V778899^^^HMS^VN||||||||||||||||||||||||20240315080000',
  `GT1|1||«NOME:SCHNEIDER»^«NOME:OTAVIO»||«ENDERECO:RUA FELIPE CAMARAO»^«ENDERECO:510»^PORTO ALEGRE^RS^«CEP:90035140»|«TELEFONE:(51)98122-4477»||«DATA_NASCIMENTO:19880302»||||«CPF:${GUARANTOR_CPF}»`,
  'IN1|1|UNIMED01^PLANO UNIMED|339679|UNIMED PORTO ALEGRE||||||||||||«NOME:SCHNEIDER»^«NOME:OTAVIO»|SPO|«DATA_NASCIMENTO:19880302»|«ENDERECO:RUA FELIPE CAMARAO»^«ENDERECO:510»^PORTO ALEGRE^RS^«CEP:90035140»',
  'MSH|^~\\&|LIS|LABHMV|TASY|HMV|20240316101500||ORU^R01^ORU_R01|LAB778|P|2.5',
  `PID|1||7734102^^^HMS^MR~«CPF:${PATIENT_CPF}»^^^CPF^TAX||«NOME:SCHNEIDER»^«NOME:BRUNA»^^^^^L||«DATA_NASCIMENTO:19910817»|F`,
  'ORC|RE|PED1001|LAB5566||CM||||20240316080000|||12345^«NOME:MACHADO»^«NOME:PAULO»^^^DR',
  'OBR|1|PED1001|LAB5566|2345-7^GLICOSE^LN|||20240316073000|||||||20240316074500||12345^«NOME:MACHADO»^«NOME:PAULO»^^^DR||||||20240316101500|||F',
  'OBX|1|NM|2345-7^GLICOSE^LN||98|mg/dL|70-99|N|||F|||20240316073000||67890^«NOME:SOUZA»^«NOME:CARLA»',
  'OBX|2|TX|18842-5^RESUMO^LN||Paciente «NOME:Bruna Schneider» em jejum de 12h, CPF «CPF:529.982.247-25»||||||F',
  'NTE|1|L|Contato da mae «NOME:Marta Oliveira» pelo telefone «TELEFONE:(51) 98877-6655»',
  '',
].join('\n');

interface Field {
  /** First column, counted from 1 as the layouts do. */
  readonly at: number;
  readonly value: string;
  /** The label the value is masked as; left when absent. */
  readonly label?: string;
}

/**
 * A fixed-width record of `width` columns (spaces where no field is given), marked for
 * `input`/`expected`; `drop` columns `[from, to]` are then cut out (a generator's short line).
 */
function fixed(width: number, fields: readonly Field[], drop?: readonly [number, number]): string {
  const line = Array.from({ length: width }, () => ' ');
  const marks: { at: number; end: number; label: string }[] = [];
  for (const f of fields) {
    if (f.at - 1 + f.value.length > width) throw new Error(`field at ${f.at} past column ${width}`);
    for (let k = 0; k < f.value.length; k++) {
      if (line[f.at - 1 + k] !== ' ') throw new Error(`field at ${f.at} overlaps column ${f.at + k}`);
      line[f.at - 1 + k] = f.value[k]!;
    }
    if (f.label) marks.push({ at: f.at - 1, end: f.at - 1 + f.value.length, label: f.label });
  }
  if (drop) {
    if (marks.some((mark) => mark.end >= drop[0])) throw new Error('a marked field after the dropped columns');
    line.splice(drop[0] - 1, drop[1] - drop[0] + 1);
  }
  let out = line.join('');
  for (const mark of marks.sort((a, b) => b.at - a.at)) {
    out = `${out.slice(0, mark.at)}«${mark.label}:${out.slice(mark.at, mark.end)}»${out.slice(mark.end)}`;
  }
  return out;
}

/** A CNAB 400 detail record (Bradesco's remittance layout) for one payer. */
function detail400(sequence: number, payer: readonly Field[], drop?: readonly [number, number]): string {
  return fixed(
    400,
    [
      { at: 1, value: '1' },
      // Debit agency and account (unused), the company's id at the bank, its control number.
      { at: 2, value: '0'.repeat(19) },
      { at: 21, value: '00090123400123456' },
      { at: 38, value: `FAT${String(sequence).padStart(6, '0')}` },
      // Bank, fine, our number and its check digit, discount, occurrence, document number.
      { at: 63, value: '23720200' },
      { at: 71, value: `${String(12340 + sequence).padStart(11, '0')}6` },
      { at: 83, value: '00000000002N' },
      { at: 109, value: '01' },
      { at: 111, value: `NF${String(sequence).padStart(8, '0')}` },
      // Due date, value, collecting bank and agency, kind, issue date, instructions, interest, discounts.
      { at: 121, value: `150424${'0000000015990'}00000000${'01N010424'}0000${'0000000000053'}000000${'0'.repeat(39)}` },
      ...payer,
      { at: 395, value: String(sequence).padStart(6, '0') },
    ],
    drop,
  );
}

const CNAB400 = [
  fixed(400, [
    {
      at: 1,
      value: '01REMESSA01COBRANCA       00000000000004567890PADARIA MODELO LTDA           237BRADESCO       150424        MX0000001',
    },
    { at: 395, value: '000001' },
  ]),
  detail400(2, [
    { at: 219, value: '01000' },
    { at: 224, value: PAYER_CPF, label: 'CPF' },
    { at: 235, value: 'MARIA APARECIDA DOS SANTOS', label: 'NOME' },
    { at: 275, value: 'RUA DAS ACACIAS 128 APTO 32', label: 'ENDERECO' },
    { at: 315, value: 'ENTREGA' },
    { at: 327, value: '13085000', label: 'CEP' },
  ]),
  detail400(3, [
    { at: 219, value: '02' },
    { at: 221, value: PAYER_CNPJ, label: 'CNPJ' },
    { at: 235, value: 'MERCADINHO BOM PRECO LTDA' },
    { at: 275, value: 'AV BRASIL 4500 LOJA 2', label: 'ENDERECO' },
    { at: 327, value: '13010100', label: 'CEP' },
    // The second message, here the sacador/avalista: read as text.
    { at: 335, value: 'SACADOR' },
    { at: 343, value: 'CARLOS EDUARDO PEREIRA', label: 'NOME' },
    { at: 366, value: 'CPF' },
    { at: 370, value: formatCpf(GUARANTOR_CPF), label: 'CPF' },
  ]),
  // A generator that wrote the last message four columns short (396 columns): still a record.
  detail400(
    4,
    [
      { at: 219, value: '01000' },
      { at: 224, value: PAYER_CPF_2, label: 'CPF' },
      { at: 235, value: 'JOSE ROBERTO FERREIRA', label: 'NOME' },
      { at: 275, value: 'TRAVESSA SAO JOSE 45', label: 'ENDERECO' },
      { at: 327, value: '13087310', label: 'CEP' },
    ],
    [380, 383],
  ),
  fixed(400, [
    { at: 1, value: '9' },
    { at: 395, value: '000005' },
  ]),
  '',
].join('\r\n');

/** A CNAB 240 segment line: bank, batch, record type 3, sequence, segment letter, then `rest` from column 15. */
function segment240(sequence: number, letter: string, rest: readonly Field[], drop?: readonly [number, number]): string {
  return fixed(240, [{ at: 1, value: `34100013${String(sequence).padStart(5, '0')}${letter}` }, ...rest], drop);
}

const CNAB240 = [
  fixed(240, [
    { at: 1, value: '34100000         2' },
    { at: 19, value: COMPANY_CNPJ, label: 'CNPJ' },
    { at: 53, value: '01234 000000012345 6' },
    { at: 73, value: 'PADARIA MODELO LTDA' },
    { at: 103, value: 'BANCO ITAU SA' },
    { at: 143, value: '11504240830000000010400000' },
  ]),
  fixed(240, [
    { at: 1, value: '34100011R0100030 2' },
    { at: 19, value: '0' },
    { at: 20, value: COMPANY_CNPJ, label: 'CNPJ' },
    { at: 74, value: 'PADARIA MODELO LTDA' },
    { at: 184, value: '000000011504240000000' },
  ]),
  segment240(1, 'P', [
    { at: 16, value: '01' },
    { at: 18, value: '01234 000000012345 6109000123456 0' },
    { at: 58, value: '1' },
    { at: 63, value: 'NF0000001' },
    { at: 78, value: '150424000000000015990000000001N010424000000000000000530000000000000000000000000000000000000000000000000000000000' },
  ]),
  segment240(2, 'Q', [
    { at: 16, value: '011' },
    { at: 19, value: '0000' },
    { at: 23, value: PAYER_CPF, label: 'CPF' },
    { at: 34, value: 'ANA CLARA RODRIGUES', label: 'NOME' },
    { at: 74, value: 'RUA MARECHAL DEODORO 1020 AP 51', label: 'ENDERECO' },
    { at: 114, value: 'CENTRO', label: 'ENDERECO' },
    { at: 129, value: '80010010', label: 'CEP' },
    { at: 137, value: 'CURITIBA' },
    { at: 152, value: 'PR' },
    { at: 154, value: '10000' },
    { at: 159, value: GUARANTOR_CPF, label: 'CPF' },
    { at: 170, value: 'LUIZ FERNANDO RODRIGUES', label: 'NOME' },
    { at: 210, value: '000' },
  ]),
  segment240(3, 'P', [
    { at: 16, value: '01' },
    { at: 18, value: '01234 000000012345 6109000123457 0' },
    { at: 63, value: 'NF0000002' },
    { at: 78, value: '300424000000000089900' },
  ]),
  // Trailing spaces cut (236 columns) and a CNPJ payer.
  segment240(
    4,
    'Q',
    [
      { at: 16, value: '012' },
      { at: 19, value: '0' },
      { at: 20, value: PAYER_CNPJ, label: 'CNPJ' },
      { at: 34, value: 'MERCADINHO BOM PRECO LTDA' },
      { at: 74, value: 'AV SETE DE SETEMBRO 3200', label: 'ENDERECO' },
      { at: 114, value: 'REBOUCAS', label: 'ENDERECO' },
      { at: 129, value: '80230085', label: 'CEP' },
      { at: 137, value: 'CURITIBA' },
      { at: 152, value: 'PR0000000000000000' },
      { at: 233, value: '0000' },
    ],
    [237, 240],
  ),
  fixed(240, [{ at: 1, value: '34100015         000006000002000000000001049900000000000000000000000000000000000000000000' }]),
  fixed(240, [{ at: 1, value: '34199999         000001000008000000' }]),
  '',
].join('\n');

const PAYEE_CPF = cpf([2, 7, 1, 8, 2, 8, 1, 8, 2]);
const PAYEE_CPF_2 = cpf([1, 6, 1, 8, 0, 3, 3, 9, 8]);
const EMPLOYER_CPF_240 = cpf([5, 7, 7, 2, 1, 5, 6, 6, 4]);

/** A CNAB 240 payment (payroll) file: its headers, then a segment A (the payee) and B (the payee's CPF and address) per payment. */
function payroll240(kind: '1' | '2', company: readonly Field[], name: Field, street: Field): string {
  return [
    fixed(240, [
      { at: 1, value: `34100000         ${kind}` },
      ...company,
      { at: 53, value: '04417 000000038120 7' },
      { ...name, at: 73 },
      { at: 103, value: 'BANCO ITAU SA' },
      { at: 143, value: '10412202608153000041708900000' },
    ]),
    fixed(240, [
      { at: 1, value: `34100011C3001040 ${kind}` },
      ...company,
      { at: 53, value: '04417 000000038120 7' },
      { ...name, at: 73 },
      { at: 103, value: 'FOLHA NOVEMBRO 2026' },
      { ...street, at: 143 },
      ...(kind === '1'
        ? [
            { at: 173, value: '0' },
            { at: 174, value: '1800', label: 'ENDERECO' },
            { at: 178, value: 'GALPAO 2', label: 'ENDERECO' },
          ]
        : [
            { at: 173, value: '01800' },
            { at: 178, value: 'GALPAO 2' },
          ]),
      { at: 193, value: 'RUSSAS' },
      { at: 213, value: '62900000', ...(kind === '1' ? { label: 'CEP' } : {}) },
      { at: 221, value: 'CE' },
    ]),
    segment240(1, 'A', [
      { at: 15, value: '000000341' },
      { at: 24, value: '00124 000000012887 8' },
      { at: 44, value: 'FRANCISCA ERIVANIA NOGUEIRA', label: 'NOME' },
      { at: 74, value: 'FOL1126-0001' },
      { at: 94, value: '05122026BRL' },
      { at: 120, value: '000000000000000000000000000000000000' },
      { at: 178, value: 'SALARIO NOVEMBRO' },
    ]),
    segment240(2, 'B', [
      { at: 18, value: '1000' },
      { at: 22, value: PAYEE_CPF, label: 'CPF' },
      { at: 33, value: 'R JOSE MARIA DE OLIVEIRA', label: 'ENDERECO' },
      { at: 63, value: '00' },
      { at: 65, value: '312', label: 'ENDERECO' },
      { at: 68, value: 'CASA B', label: 'ENDERECO' },
      { at: 83, value: 'PLANALTO', label: 'ENDERECO' },
      { at: 98, value: 'RUSSAS' },
      { at: 118, value: '62900000', label: 'CEP' },
      { at: 126, value: 'CE' },
      { at: 128, value: '05122026' },
    ]),
    segment240(3, 'A', [
      { at: 15, value: '000000341' },
      { at: 24, value: '03220 000000095341 4' },
      { at: 44, value: 'ANTONIO WESLLEY BEZERRA LIMA', label: 'NOME' },
      { at: 74, value: 'FOL1126-0002' },
      { at: 94, value: '05122026BRL' },
    ]),
    // A rural payee without a house number, and a PIX key (an e-mail) where newer layouts put it.
    segment240(4, 'B', [
      { at: 18, value: '1000' },
      { at: 22, value: PAYEE_CPF_2, label: 'CPF' },
      { at: 33, value: 'SITIO CORDEIRO', label: 'ENDERECO' },
      { at: 63, value: '00000' },
      { at: 68, value: 'ZONA RURAL', label: 'ENDERECO' },
      { at: 83, value: 'BORGES', label: 'ENDERECO' },
      { at: 98, value: 'JAGUARUANA' },
      { at: 118, value: '62823000', label: 'CEP' },
      { at: 126, value: 'CE' },
      { at: 128, value: 'wesleybl@gmail.com', label: 'EMAIL' },
    ]),
    fixed(240, [{ at: 1, value: '34100015         000006000000000000000876543' }]),
    fixed(240, [{ at: 1, value: '34199999         000001000008' }]),
    '',
  ].join('\n');
}

/**
 * A company's payroll: its CNPJ is masked as every CNPJ is; its name and address are read as text
 * (as they are once masking has moved the columns), where a street with its km is an address.
 */
const PAYROLL240 = payroll240(
  '2',
  [{ at: 19, value: cnpj('081725970003'), label: 'CNPJ' }],
  { at: 73, value: 'CERAMICA VALE JAGUARIBE LTDA' },
  { at: 143, value: 'RODOVIA CE-356 KM 4', label: 'ENDERECO' },
);
/** A person's payroll (a domestic employer, by CPF): their name and address are masked too. */
const DOMESTIC240 = payroll240(
  '1',
  [
    { at: 19, value: '000' },
    { at: 22, value: EMPLOYER_CPF_240, label: 'CPF' },
  ],
  { at: 73, value: 'MARIA DAS DORES FEITOSA', label: 'NOME' },
  { at: 143, value: 'RUA CORONEL ALEXANZITO', label: 'ENDERECO' },
);

const EMPLOYER_CPF = cpf([2, 4, 6, 8, 1, 3, 5, 7, 9]);
const WORKER_CPF = cpf([8, 0, 2, 4, 6, 1, 1, 3, 5]);
const WORKER_CPF_2 = cpf([4, 4, 0, 1, 7, 2, 9, 3, 8]);
const CLERK_CPF = cpf([6, 1, 7, 3, 0, 8, 2, 5, 4]);
const REP_MAKER_CNPJ = cnpj('302010400001');
const FARM_CNPJ = cnpj('771234560002');
const WORKER_PIS = pis([1, 2, 0, 4, 5, 6, 7, 8, 9, 1]);
const WORKER_PIS_2 = pis([2, 0, 9, 8, 7, 6, 5, 4, 3, 2]);

/** A Portaria 671 marking (type 3): NSR, type, timestamp, the employee's CPF in 12 columns, CRC-16. */
function marking671(nsr: string, time: string, worker: string, crc: string): string {
  return `${nsr}3${time}-03000«CPF:${worker}»${crc}`;
}

/** A Portaria 671 AFD of a REP-C: a domestic employer (CPF), markings, an adjustment, an inclusion, a REP-P marking. */
const AFD671 = [
  fixed(302, [
    { at: 1, value: '0000000001' },
    { at: 11, value: '2' },
    { at: 12, value: '000' },
    { at: 15, value: EMPLOYER_CPF, label: 'CPF' },
    { at: 40, value: 'HELOISA MARQUES BITTENCOURT', label: 'NOME' },
    { at: 190, value: '00012004400091832' },
    { at: 207, value: '2024-07-012024-07-312024-08-02T09:15:00-0300003' },
    { at: 254, value: '1' },
    { at: 255, value: REP_MAKER_CNPJ, label: 'CNPJ' },
    { at: 269, value: 'RELOGIX PRIME 3' },
    { at: 299, value: '9C1E' },
  ]),
  marking671('000000123', '2024-07-08T07:58:00', WORKER_CPF, 'B41A'),
  marking671('000000124', '2024-07-08T12:01:00', WORKER_CPF_2, '07FF'),
  fixed(73, [
    { at: 1, value: '0000001254' },
    { at: 11, value: '2024-07-08T12:30:00-03002024-07-08T12:29:41-0300' },
    { at: 59, value: CLERK_CPF, label: 'CPF' },
    { at: 70, value: '3D20' },
  ]),
  fixed(118, [
    { at: 1, value: '0000001265' },
    { at: 11, value: '2024-07-09T08:00:00-0300A0' },
    { at: 37, value: WORKER_CPF_2, label: 'CPF' },
    { at: 48, value: 'ROSIMEIRE DOS ANJOS LACERDA', label: 'NOME' },
    { at: 100, value: 'N' },
    { at: 104, value: CLERK_CPF, label: 'CPF' },
    { at: 115, value: 'E0C7' },
  ]),
  fixed(36, [
    { at: 1, value: '0000001276' },
    { at: 11, value: '2024-07-09T08:05:00-030002' },
  ]),
  fixed(137, [
    { at: 1, value: '0000001287' },
    { at: 11, value: '2024-07-09T17:44:00-03000' },
    { at: 36, value: WORKER_CPF, label: 'CPF' },
    { at: 47, value: `2024-07-09T17:44:09-0300011${'ab12'.repeat(16)}` },
  ]),
  '999999999000000000000000002000000001000000001000000001000000001',
  '',
].join('\n');

/** A Portaria 1510 AFD (dates as ddmmaaaa hhmm, employees by PIS) of a farm with a CNPJ. */
const AFD1510 = [
  fixed(232, [
    { at: 1, value: '00000000011' },
    { at: 12, value: FARM_CNPJ, label: 'CNPJ' },
    { at: 38, value: 'AGROPECUARIA VALE DO CAPIM LTDA' },
    { at: 188, value: '00004001230000457' },
    { at: 205, value: '0105201831052018010620180800' },
  ]),
  fixed(299, [
    { at: 1, value: '0000000012' },
    { at: 11, value: '010520180700' },
    { at: 23, value: '1' },
    { at: 24, value: FARM_CNPJ, label: 'CNPJ' },
    { at: 50, value: 'AGROPECUARIA VALE DO CAPIM LTDA' },
    // A company's workplace is read as text (as the line is once masked): a road with its km is an address there.
    { at: 200, value: 'RODOVIA GO-070 KM 18', label: 'ENDERECO' },
  ]),
  `00000001330205201806570${WORKER_PIS}`.replace(WORKER_PIS, `«PIS:${WORKER_PIS}»`),
  '0000000144020520181200020520181158',
  fixed(87, [
    { at: 1, value: '0000000155' },
    { at: 11, value: '030520180800I0' },
    { at: 25, value: WORKER_PIS_2, label: 'PIS' },
    { at: 36, value: 'DEJANIRA FERREIRA DA COSTA', label: 'NOME' },
  ]),
  '',
].join('\r\n');

const ACCOUNTANT_CPF = cpf([3, 3, 8, 1, 0, 5, 6, 2, 7]);
const GROWER_CPF = cpf([7, 1, 9, 0, 2, 8, 4, 6, 3]);
const HEIR_CPF = cpf([5, 0, 5, 3, 7, 1, 2, 9, 8]);
const DECLARANT_CNPJ = cnpj('090807060001');
const BUYER_CNPJ = cnpj('1A2B3C4D0001');
const OFFICE_CNPJ = cnpj('121314150001');
const OWNER_NIT = pis([1, 7, 0, 3, 3, 2, 8, 4, 1, 6]);

/** An EFD ICMS/IPI extract: the declarant, its accountant, participants (companies and rural producers), notes. */
const SPED = [
  `|0000|017|0|01082024|31082024|LATICINIOS SERRA AZUL LTDA|«CNPJ:${DECLARANT_CNPJ}»||PR|9012345678|4119905|||A|0|`,
  '|0001|0|',
  '|0005|SERRA AZUL|84600000|RODOVIA PR-092|KM 5|GALPAO 1|ZONA RURAL|4236220100||«EMAIL:fiscal@serraazul.ind.br»|',
  `|0100|«NOME:IVONETE KLEIN BORTOLOTTO»|«CPF:${ACCOUNTANT_CPF}»|PR041552O7||«CEP:84600120»|«ENDERECO:RUA XV DE JULHO»|«ENDERECO:311»|«ENDERECO:FUNDOS»|«ENDERECO:CENTRO»|«TELEFONE:42991230456»||«EMAIL:ivonete.contabil@gmail.com»|4119905|`,
  `|0100|«NOME:RAFAEL DUARTE MOSER»|«CPF:${ACCOUNTANT_CPF}»|PR052211O1|«CNPJ:${OFFICE_CNPJ}»|84600001|AV. BENJAMIN CONSTANT|1200|SALA 4|CENTRO|4232641100||«EMAIL:escritorio@moserassessoria.com.br»|4119905|`,
  `|0150|F0031|COOPERATIVA CENTRAL DE LATICINIOS|01058|«CNPJ:${BUYER_CNPJ}»||9034567012|4106902||RUA ANTONIO CARLOS RODRIGUES|880||BOQUEIRAO|`,
  `|0150|PR0102|«NOME:OSMAR LUIZ TREVISAN»|01058||«CPF:${GROWER_CPF}»|9055512340|4119905||«ENDERECO:SITIO SAO JUDAS TADEU»|«ENDERECO:S/N»|«ENDERECO:ESTRADA DO TAQUARI KM 7»|«ENDERECO:LINHA TAQUARI»|`,
  `|0150|PR0117|ESPÓLIO DE «NOME:ADELINO PERUZZO»|01058||«CPF:${HEIR_CPF}»|9055577771|4119905||«ENDERECO:CHACARA BOA ESPERANCA»|«ENDERECO:120»||«ENDERECO:COLONIA MARIENTAL»|`,
  '|0200|QJ001|QUEIJO MUSSARELA|||KG|00|04061010||04|||',
  `|C100|0|1|PR0102|55|00|001|771|4124080000000${GROWER_CPF}550010000007711000123450|05082024|05082024|1840,00|0|||1840,00|9|||||||||||`,
  '',
].join('\n');

/** An ECD extract: its 0150 holds a NIT (07) and a state (08) and no address; J930 names its signatories. */
const ECD = [
  `|0150|SOC01|«NOME:GERALDO MAGELA FONTOURA»|01058||«CPF:${GROWER_CPF}»|«PIS:${OWNER_NIT}»|MG||||||`,
  `|0150|FORN7|COOPERATIVA CENTRAL DE LATICINIOS|01058|«CNPJ:${BUYER_CNPJ}»|||PR||||||`,
  `|J930|«NOME:GERALDO MAGELA FONTOURA»|«CPF:${GROWER_CPF}»|SOCIO ADMINISTRADOR|203||«EMAIL:geraldo.fontoura@gmail.com»|«TELEFONE:42998120345»||||N|`,
  `|J930|«NOME:IVONETE KLEIN BORTOLOTTO»|«CPF:${ACCOUNTANT_CPF}»|CONTADOR|900|PR-041552/O-7|«EMAIL:ivonete.contabil@gmail.com»|«TELEFONE:4232641100»|PR|004471|31122026|S|`,
  '',
].join('\n');

const DOCUMENTS: readonly { readonly title: string; readonly marked: string }[] = [
  { title: 'an HL7 v2 ADT and ORU message, one segment a line', marked: HL7 },
  { title: 'the same HL7 message with CR between segments (as sent over MLLP)', marked: HL7.replace(/\n/g, '\r') },
  { title: 'a CNAB 400 remittance file (CRLF lines, one cut short)', marked: CNAB400 },
  { title: 'a CNAB 240 file with segments P and Q', marked: CNAB240 },
  { title: "a company's CNAB 240 payroll file with segments A and B", marked: PAYROLL240 },
  { title: "a domestic employer's CNAB 240 payroll file", marked: DOMESTIC240 },
  { title: 'a Portaria 671 AFD of a domestic employer (CPF in the header)', marked: AFD671 },
  { title: 'a Portaria 1510 AFD (CRLF lines, employees by PIS)', marked: AFD1510 },
  { title: 'an EFD ICMS/IPI extract with its accountant and participants', marked: SPED },
  { title: 'an ECD extract whose participants carry a NIT', marked: ECD },
];

describe('masking: HL7 v2, CNAB, AFD and SPED records', () => {
  for (const d of DOCUMENTS) {
    it(`masks ${d.title} field by field`, () => {
      assert.equal(m.maskText(input(d.marked)).value, expected(d.marked));
    });
  }

  it('leaves record numbers, codes, times, places, companies and bank fields', () => {
    const hl7 = m.maskText(input(HL7)).value;
    for (const kept of [
      '7734102^^^HMS^MR',
      'V778899^^^HMS^VN',
      '^^^^L|',
      'PORTO ALEGRE^RS^',
      '^BRA^H',
      '|12345^',
      '^DR^^^CRM-RS',
      '|20240316073000|',
      '2345-7^GLICOSE^LN',
    ])
      assert.ok(hl7.includes(kept), kept);
    const cnab400 = m.maskText(input(CNAB400)).value;
    for (const kept of ['MERCADINHO BOM PRECO LTDA', '00090123400123456', 'PADARIA MODELO LTDA', '0000000015990', 'ENTREGA'])
      assert.ok(cnab400.includes(kept), kept);
    const cnab240 = m.maskText(input(CNAB240)).value;
    for (const kept of ['CURITIBA       PR', 'MERCADINHO BOM PRECO LTDA', '109000123456']) assert.ok(cnab240.includes(kept), kept);
    const payroll = m.maskText(input(PAYROLL240)).value;
    for (const kept of [
      'CERAMICA VALE JAGUARIBE LTDA',
      '01800',
      '62900000CE',
      '00124 000000012887 8',
      'FOL1126-0001',
      '05122026BRL',
      'RUSSAS',
    ])
      assert.ok(payroll.includes(kept), kept);
  });

  it('leaves AFD record numbers, timestamps, serials and CRCs, and SPED codes and companies', () => {
    const afd = m.maskText(input(AFD671)).value;
    for (const kept of [
      '0000001233',
      '2024-07-08T07:58:00-0300',
      '00012004400091832',
      'RELOGIX PRIME 3',
      'B41A',
      '2024-07-09T08:05:00-030002',
    ])
      assert.ok(afd.includes(kept), kept);
    assert.ok(m.maskText(input(AFD1510)).value.includes('0000000144020520181200020520181158'));
    const sped = m.maskText(input(SPED)).value;
    for (const kept of [
      'LATICINIOS SERRA AZUL LTDA',
      '|0005|SERRA AZUL|84600000|RODOVIA PR-092|KM 5|GALPAO 1|ZONA RURAL|4236220100||',
      '|PR041552O7|',
      '|84600001|AV. BENJAMIN CONSTANT|1200|SALA 4|CENTRO|4232641100||',
      '|F0031|COOPERATIVA CENTRAL DE LATICINIOS|01058|',
      '|RUA ANTONIO CARLOS RODRIGUES|880||BOQUEIRAO|',
      '|PR0102|',
      '|9055512340|4119905||',
      '|QUEIJO MUSSARELA|',
    ])
      assert.ok(sped.includes(kept), kept);
    // A marking whose CPF fails its check digits is left; so is a line of 50 digits that is no AFD record.
    const invalid = `${WORKER_CPF.slice(0, 10)}${(Number(WORKER_CPF[10]) + 1) % 10}`;
    const marking = `00000012332024-07-08T07:58:00-03000${invalid}B41A`;
    assert.equal(m.maskText(marking).value, marking);
    const digits = '12345678901234567890123456789012345678901234567890';
    assert.equal(m.maskText(digits).value, digits);
  });

  it('masks an identifier by what its type code says, and only a valid CPF as one', () => {
    const invalid = `${PATIENT_CPF.slice(0, 10)}${(Number(PATIENT_CPF[10]) + 1) % 10}`;
    const line = `PID|1||${invalid}^^^RFB^TAX~«RG:1234567»^^^SSP^RG~«CNS:${'898001160651398'}»^^^SUS^CNS~55512^^^HMS^PI`;
    assert.equal(m.maskText(input(line)).value, expected(line));
  });

  it('masks the phone of newer XTN (area code and local number), a driver licence and a CEP after a spelt-out state', () => {
    const fields = ['PID', '1', '', '123^^^HMS^MR', '', '«NOME:COSTA»^«NOME:LUCAS»', '', '', '', '', '', '', ''];
    fields.push('^PRN^CP^^55^«TELEFONE:51»^«TELEFONE:996341802»', '', '', '', '', '', '', '«CNH:02650306461»^RS^20300101');
    const line = fields.join('|');
    assert.equal(m.maskText(input(line)).value, expected(line));
    const spelled = 'PID|1||123^^^HMS^MR||||||||«ENDERECO:RUA X»^«ENDERECO:12»^^PORTO ALEGRE^RIO GRANDE DO SUL^«CEP:91310-003»^BRA';
    assert.equal(m.maskText(input(spelled)).value, expected(spelled));
  });

  it('reads the separators an MSH segment declares for the segments after it on the line', () => {
    const marked =
      'MSH#$~\\&#APP#FAC#LIS#LAB#20240315083000##ADT$A08#1#P#2.5\rPID#1##7734102$$$HMS$MR##«NOME:SOUZA»$«NOME:CARLA»##«DATA_NASCIMENTO:19750102»';
    assert.equal(m.maskText(input(marked)).value, expected(marked));
  });

  it('reads a line that only looks like a record as before', () => {
    // A pipe-delimited table whose first column is a three-letter word is still a table.
    const table = 'ORG|nome|cpf\nACME|Maria Souza|52998224725\n';
    assert.equal(m.maskText(table).value, 'ORG|nome|cpf\nACME|[NOME]|[CPF]\n');
    // Prose about HL7 fields is prose.
    const prose = 'MSH-9 is the message type; PID-5 holds the name.\nOBX|values below\n';
    assert.equal(m.maskText(prose).value, prose);
    // Short, long and malformed CNAB-shaped lines never throw and are read as text.
    for (const text of [
      '1',
      '10000000000000000',
      `1${'0'.repeat(420)}`,
      `1${'0'.repeat(250)}`,
      `0001000300001Q${' '.repeat(100)}`,
      'PID|',
      'MSH|',
    ]) {
      assert.equal(typeof m.maskText(text).value, 'string', text);
    }
    assert.equal(m.maskText(`3410001300002Q 011${'0'.repeat(15)}\n`).value, `3410001300002Q 011${'0'.repeat(15)}\n`);
  });

  it('changes nothing when masking a masked record again, whatever the strategy', () => {
    for (const strategy of ['redact', 'partial', 'pseudonym'] as const) {
      const ids = ['cpf', 'cnpj', 'name', 'address', 'phone', 'email', 'cep', 'birth_date', 'rg', 'cnh', 'cns'] as const;
      const mk = masker(Object.fromEntries(ids.map((id) => [id, strategy])));
      for (const d of DOCUMENTS) {
        const once = mk.maskText(input(d.marked)).value;
        assert.equal(mk.maskText(once).value, once, `${d.title}, ${strategy}`);
      }
    }
  });

  it('masks them the same in a stream cut at any position', () => {
    for (const d of DOCUMENTS) {
      const text = input(d.marked);
      const whole = m.maskText(text);
      for (let cut = 0; cut <= text.length; cut++) {
        const streamed = drain(m.textStream(), chunksAt(text, [cut]));
        assert.equal(streamed.value, whole.value, `${d.title}, cut at ${cut}`);
      }
      for (const size of [1, 7, 64]) {
        const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, k) => k * size);
        const streamed = drain(m.textStream(), chunksAt(text, cuts));
        assert.equal(streamed.value, whole.value, `${d.title}, chunks of ${size}`);
        assert.deepEqual(streamed.events, whole.events, `${d.title}, events in chunks of ${size}`);
      }
    }
  });
});

describe('masking: positional files whose layout the text declares', () => {
  const pad = (value: string, width: number): string => value.padEnd(width, ' ');
  const record = (id: string, nome: string, cpfValue: string, nasc: string, mae: string, obs: string): string =>
    `1${id}${pad(nome, 40)}${cpfValue}${nasc}${pad(mae, 40)}${obs}`;
  const FILE = [
    '* layout ALOJ v3: 001-001 tipo | 002-007 matricula | 008-047 nome | 048-058 CPF | 059-066 nasc AAAAMMDD | 067-106 nome da mae | 107-140 obs',
    '',
    '0CENTRAL DE VAGAS 20261203 LOTE 12',
    record('004417', 'WROBLEWSKI TADEU IRINEU', '27401983613', '19810422', 'WROBLEWSKI HALINA', 'TRANSFERIDO'),
    record('004532', 'QUISPE MAMANI ELIODORO', '51883047242', '19930807', 'MAMANI CONDORI SATURNINA', 'SAUDE'),
    '9000002',
  ].join('\n');

  it('reads the records by the declared columns: names, CPF and birth date masked, codes, header and trailer left', () => {
    const lines = m.maskText(FILE).value.split('\n');
    assert.equal(lines[0], FILE.split('\n')[0]);
    assert.equal(lines[2], '0CENTRAL DE VAGAS 20261203 LOTE 12');
    const [first, second] = FILE.split('\n').slice(3);
    assert.equal(
      lines[3],
      first
        ?.replace('WROBLEWSKI TADEU IRINEU', '[NOME]')
        .replace('2740198361319810422', '[CPF][DATA_NASCIMENTO]')
        .replace('WROBLEWSKI HALINA', '[NOME]'),
    );
    assert.equal(
      lines[4],
      second
        ?.replace('QUISPE MAMANI ELIODORO', '[NOME]')
        .replace('5188304724219930807', '[CPF][DATA_NASCIMENTO]')
        .replace('MAMANI CONDORI SATURNINA', '[NOME]'),
    );
    assert.equal(lines[5], '9000002');
  });

  it('masks the same in a stream cut anywhere', () => {
    const whole = m.maskText(FILE).value;
    for (let cut = 1; cut < FILE.length; cut += 7) assert.equal(drain(m.textStream(), chunksAt(FILE, [cut])).value, whole, `cut at ${cut}`);
  });
});
