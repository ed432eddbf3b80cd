/** A DICOM header printed by dcmdump: the keyword ending each element's line is the key of its value. */
import { strict as assert } from 'node:assert';
import { assertStableMasking, cpf, masker } from '../../../fixtures.js';

const m = masker();
const patient = cpf([4, 1, 7, 2, 0, 9, 3, 3, 8]);

const HEADER = [
  '# Dicom-Data-Set',
  '(0008,0020) DA [20270315]                                #   8, 1 StudyDate',
  '(0008,0080) LO [Hospital Municipal Odilon Behrens]      #  34, 1 InstitutionName',
  '(0008,0081) ST [Rua Formiga, 50, Belo Horizonte-MG]     #  34, 1 InstitutionAddress',
  '(0008,0090) PN [NWOSU^ADAEZE]                            #  12, 1 ReferringPhysicianName',
  '(0010,0010) PN [KAMINSKI^IRENA^LUDMILA]                  #  22, 1 PatientName',
  '(0010,0020) LO [HOB-2231907]                             #  12, 1 PatientID',
  `(0010,1000) LO [${patient}]\\[PRONT-88120]             #  24, 2 OtherPatientIDs`,
  '(0010,0030) DA [19540702]                                #   8, 1 PatientBirthDate',
  '(0010,1040) LO [Rua Itamarati, 318, Carlos Prates]       #  32, 1 PatientAddress',
  '(0010,2154) SH [31988124470]                             #  12, 1 PatientTelephoneNumbers',
  '(0010,21b0) LT [Trazida pela neta Kasia Kaminski Prates.] # 40, 1 AdditionalPatientHistory',
  '(0018,0050) DS [5.000000]                                #   8, 1 SliceThickness',
].join('\n');

describe('masking: DICOM headers', () => {
  it("masks people's names, the patient's national number, birth date, address and phone by their keywords, and leaves the study's and the hospital's", () => {
    assert.equal(
      m.maskText(HEADER).value,
      [
        '# Dicom-Data-Set',
        '(0008,0020) DA [20270315]                                #   8, 1 StudyDate',
        '(0008,0080) LO [Hospital Municipal Odilon Behrens]      #  34, 1 InstitutionName',
        '(0008,0081) ST [Rua Formiga, 50, Belo Horizonte-MG]     #  34, 1 InstitutionAddress',
        '(0008,0090) PN [[NOME]]                            #  12, 1 ReferringPhysicianName',
        '(0010,0010) PN [[NOME]]                  #  22, 1 PatientName',
        '(0010,0020) LO [HOB-2231907]                             #  12, 1 PatientID',
        '(0010,1000) LO [[CPF]]\\[PRONT-88120]             #  24, 2 OtherPatientIDs',
        '(0010,0030) DA [[DATA_NASCIMENTO]]                                #   8, 1 PatientBirthDate',
        '(0010,1040) LO [[ENDERECO]]       #  32, 1 PatientAddress',
        '(0010,2154) SH [[TELEFONE]]                             #  12, 1 PatientTelephoneNumbers',
        '(0010,21b0) LT [Trazida pela neta [NOME].] # 40, 1 AdditionalPatientHistory',
        '(0018,0050) DS [5.000000]                                #   8, 1 SliceThickness',
      ].join('\n'),
    );
  });

  it('decides in a stream cut anywhere as the whole text does, and changes nothing masking again', () => {
    assertStableMasking(m, HEADER, ['name', 'cpf', 'birth_date', 'address', 'phone']);
  });
});
