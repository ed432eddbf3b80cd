// What the lexicon builders share: folding a word as the engine does, and the ordinary words of
// Debian's word lists (wbrazilian, wamerican), which say a name is also a word.
import { existsSync, readFileSync } from 'node:fs';

export const WORD_LISTS = ['/usr/share/dict/brazilian', '/usr/share/dict/american-english'];

/** Capitals without accents, as the engine's word table keys its words. */
export const fold = (word) =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/** The folded lower-case words of the word lists; exits with a hint when one is missing. */
export function ordinaryWords() {
  const ordinary = new Set();
  for (const path of WORD_LISTS) {
    if (!existsSync(path)) {
      console.error(`missing ${path} (apt-get install wbrazilian wamerican)`);
      process.exit(1);
    }
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const word = line.trim();
      if (word.length < 2 || word.includes("'") || word !== word.toLowerCase()) continue;
      ordinary.add(fold(word));
    }
  }
  return ordinary;
}
