/**
 * LDIF entries (RFC 2849) read by attribute type: names, logins, phones and `$`-joined postal
 * addresses; folded lines; base64 values decoded; DNs, ldapsearch comments and filters.
 * `«LABEL:value»` marks a value and the label it must be replaced by.
 */
import { strict as assert } from 'node:assert';
import { assertStableMasking, chunksAt, drain, masker } from '../../../fixtures.js';

const m = masker();
const MARK = /«([A-Z_]+):([^»]*)»/g;
const input = (marked: string): string => marked.replace(MARK, '$2');
const expected = (marked: string): string => marked.replace(MARK, '[$1]');
const b64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

const ENTRY = [
  '$ ldapsearch -x -b "ou=pessoas,dc=exemplo,dc=org,dc=br" "(|(uid=«NOME:heloisa.tavares»)(cn=«NOME:Otávio Mendes Prado»))"',
  '# filter: (uid=«NOME:heloisa.tavares»)',
  '',
  '# «NOME:heloisa.tavares», pessoas, exemplo.org.br',
  'dn: uid=«NOME:heloisa.tavares»,ou=pessoas,dc=exemplo,dc=org,dc=br',
  'objectClass: inetOrgPerson',
  'uid: «NOME:heloisa.tavares»',
  'cn: «NOME:Heloísa Brandão Tavares»',
  'sn: «NOME:Brandão Tavares»',
  'givenName: «NOME:Heloísa»',
  'telephoneNumber: +55 41 3350-6000',
  'mobile: «TELEFONE:+55 41 99712-3304»',
  'postalAddress: «ENDERECO:Rua Desembargador Westphalen, 880, ap 12»$«ENDERECO:Rebouças»$Curitiba - PR$«CEP:80230-100»',
  'homeDirectory: /home/«NOME:heloisa.tavares»',
  'uidNumber: 30412',
  'employeeType: docente',
  '',
  `dn:: «NOME:${b64('cn=Otávio Mendes Prado,ou=pessoas,dc=exemplo,dc=org,dc=br')}»`,
  `cn:: «NOME:${b64('Otávio Mendes Prado')}»`,
  'homePostalAddress: «ENDERECO:Avenida Sete de Setembro, 2',
  ' 311»$«ENDERECO:Centro»$Curitiba - PR',
  'jpegPhoto:: /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDhIa',
  ' GBYSFRUYHSgiGBolGxUVITEhJSkrLi4uFx8zODMsNygtLis',
  '',
  '$ # bind como cn=svc-portal,ou=servicos',
  '',
].join('\n');

describe('masking: LDIF entries', () => {
  it('masks names, logins, phones and postal addresses by attribute, and leaves a work landline and services', () => {
    assert.equal(m.maskText(input(ENTRY)).value, expected(ENTRY));
  });

  it('leaves a DN-looking label of a form, a quoted YAML value and a numeric uid to the scanner', () => {
    const text = 'DN: 05/05/1948\nuid: 1000\nstreet: "Rua Ceará, 40"\n';
    assert.equal(m.maskText(text).value, 'DN: [DATA_NASCIMENTO]\nuid: 1000\nstreet: "[ENDERECO]"\n');
  });

  it('changes nothing masking a masked entry again, and masks the same in a stream cut anywhere', () => {
    const text = input(ENTRY);
    assertStableMasking(m, text, ['name', 'address', 'phone', 'cep']);
    for (const size of [1, 5]) {
      const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, k) => k * size);
      assert.equal(drain(m.textStream(), chunksAt(text, cuts)).value, m.maskText(text).value, `chunks of ${size}`);
    }
  });
});
