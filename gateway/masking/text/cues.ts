/**
 * Cue words: the words just before a value that announce it (`RG nº`, `CNH:`, `tel.`,
 * `nascida em`). Each detector lists its own (detectors/), and here they become one small table
 * probed straight from the text, one bit per detector, plus fillers that a look-back skips and
 * the words that announce a version number (`versão 1.2.3`), which is never personal data.
 */
import { DETECTORS, detectorBit } from '../detectors/registry.js';
import { WordTable } from './wordTable.js';

/** A word that introduces a version number: the number after it is left. */
export const CUE_VERSION = 1 << 29;
/** Filler between a cue and its value (`CPF sob o nº`, `nascido em`), skipped when looking back. */
export const CUE_FILLER = 1 << 30;

if (DETECTORS.length > 29) throw new Error('the cue table has one bit per detector: at most 29 detectors');

/** Filler words skipped when looking back for a cue: `CPF sob o nº`, `nascido em`, `RG n.`. */
const FILLERS = `N NO NR NRO NUM NUMERO O A OS DE DA DO SOB EM AOS ON OF IS THE SEU SUA INSCRITO INSCRITA PORTADOR PORTADORA
DATA DT DIA DATE REGISTRO CARTEIRA CEDULA NACIONAL SSP E COM PELO PARA NUMBER SP POR PELA DIGITALMENTE ELETRONICAMENTE
EXMO EXMA ILMO ILMA SENHOR SENHORA S ES AS OS COMO VALUE VALUES VAL VALOR VALORES DELE DELA DELES DELAS MEU MINHA MEUS MINHAS NOSSO NOSSA`;

/** Words that introduce a version number (`versão 1.2.3`, `node 20.19.0`): such numbers are left. */
const VERSIONS = 'V VERSAO VERSION VER RELEASE BUILD VERSOES VERSIONS NODE NPM PYTHON JAVA';

let table: WordTable | undefined;

/** Folded cue word → bits: detectorBit(id) of every detector it cues, CUE_FILLER, CUE_VERSION. */
export function cueTable(): WordTable {
  if (table) return table;
  const bits = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number): void => {
    for (const word of words) if (word !== '') bits.set(word, (bits.get(word) ?? 0) | bit);
  };
  for (const detector of DETECTORS) mark(detector.cues, detectorBit(detector.id));
  mark(FILLERS.split(/\s+/), CUE_FILLER);
  mark(VERSIONS.split(/\s+/), CUE_VERSION);
  table = new WordTable(bits);
  return table;
}
