/** Birth dates: any date written right after a birth cue (`nascida em`, `DN:`, `born on`). */
import { fold } from '../text/chars.js';
import { monthOfName } from '../text/validate.js';
import { digitCount, foldWords } from './common.js';
import { defineDetector } from './descriptor.js';

/** ISO yyyy-mm-dd from dd/mm/yyyy, yyyy-mm-dd, `12 de março de 1985`, `March 12, 1985`. */
function isoDate(value: string): string | undefined {
  const v = fold(value).trim();
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(v);
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The midnight a system stored the day at (`12/02/1968 00:00:00`) is no part of the day.
  else if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[ T][\d:.]+(?:Z| [AP]M)?)?$/.exec(v)))
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[ºO°]?\s+DE\s+([A-Z]+)(?:\s+DE\s+(\d{4}))?$/.exec(v)))
    [day, month, year] = [Number(m[1]), monthOfName(m[2] ?? ''), m[3] ? Number(m[3]) : undefined];
  else if ((m = /^([A-Z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v)))
    [month, day, year] = [monthOfName(m[1] ?? ''), Number(m[2]), Number(m[3])];
  // `12mar1969`, `03-SEP-74`, `12/abr/1969`: a day, a month's name or abbreviation, a year.
  else if ((m = /^(\d{1,2})[-/. ]?([A-Z]{3,10})\.?[-/. ]?(\d{2}|\d{4})$/.exec(v)))
    [day, month, year] = [Number(m[1]), monthOfName(m[2] ?? ''), Number(m[3])];
  if (day === undefined || month === undefined) return undefined;
  if (year !== undefined && year < 100) year += year > 30 ? 1900 : 2000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return year === undefined ? `--${pad(month)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
}

export const birthDate = defineDetector({
  id: 'birth_date',
  label: 'DATA_NASCIMENTO',
  summary: 'birth dates after a cue: 12/03/1985, 1985-03-12, 12.03.1985, 12 de março de 1985, March 12, 1985',
  normalise: (value) => isoDate(value) ?? foldWords(value),
  partial: (value) => {
    const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value)?.[1];
    return year ? `**/**/${year}` : '**/**/****';
  },
  cues: [
    'NASCIMENTO',
    'NASC',
    'NASCIDO',
    'NASCIDA',
    'NASCEU',
    'NASCI',
    'NASCEMOS',
    'DN',
    'DOB',
    'BORN',
    'BIRTH',
    'BIRTHDAY',
    'BIRTHDATE',
    'ANIVERSARIO',
    'DTNASC',
    'DT_NASC',
    'DATA_NASCIMENTO',
    'DATANASCIMENTO',
    'DATA_NASC',
    'DT_NASCIMENTO',
    'NATALICIO',
    'BDAY',
    'NASCTO',
    // The documents of people born abroad, in their own languages.
    'NACIMIENTO',
    'NACIDO',
    'NACIDA',
    'NAISSANCE',
    'URODZENIA',
    'GEBURTSDATUM',
    'GEBOREN',
    'NASCITA',
  ],
  keys: {
    words: [
      'NASCIMENTO',
      'NASC',
      'BIRTH',
      'BIRTHDATE',
      'BIRTHDAY',
      'DOB',
      'ANIVERSARIO',
      'DATANASCIMENTO',
      'DTNASC',
      'DTNASCIMENTO',
      'NATALICIO',
      'NASCTO',
      'BDAY',
      // A report cuts a column's name to its width (SQL*Plus: `DT_NASCI`).
      'NASCI',
      'NASCIM',
      'NASCIMEN',
      'NASCIMENT',
      'NACIMIENTO',
      'NAISSANCE',
      'URODZENIA',
      'GEBURTSDATUM',
      'NASCITA',
    ],
    prefixes: ['DTNASC', 'DATANASC'],
    // SAP HCM's infotype 0002.
    joined: ['GBDAT'],
  },
  fits: (value) => digitCount(value) >= 2 && value.length <= 40,
});
