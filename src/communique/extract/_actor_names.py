"""How actor names are written down and compared: normal form, slug, person names, initialisms."""

from __future__ import annotations

import re
import unicodedata

_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.){2,}$")  # U.S., U.K., E.U.
_SUFFIXES = re.compile(r",?\s+(?:Jr\.?|Sr\.?|II|III|IV)$", re.IGNORECASE)
#: Words left out of an initialism ("Revolutionary Armed Forces of Colombia" -> RAFC, FARC by order)
_MINOR = {"of", "for", "the", "and", "in", "on", "to", "de", "la", "du", "des", "el", "al", "&"}


def normalise_name(text: str) -> str:
    """The name as it is compared: no leading article or trailing possessive, single spaces."""
    text = " ".join(text.split())
    text = _LEADING.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.strip(" ,;:-\"'“”‘’()")
    if text.endswith(".") and not _ABBREVIATION.search(text):
        text = text.rstrip(".")
    return text


#: Letters that NFKD does not take apart into an ASCII letter and a mark.
_TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "Đ": "D",
                                "ł": "l", "Ł": "L", "þ": "th", "œ": "oe", "ı": "i", "ð": "d"})  # fmt: skip


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def person_name(text: str, honorifics: frozenset[str]) -> str:
    """A person's name without honorifics ("Mr.", "Dr", "His Excellency") or generational suffixes."""
    name = normalise_name(text)
    words = name.split()
    while words:
        one, two = words[0].lower(), " ".join(words[:2]).lower()
        if two in honorifics and len(words) > 2:
            words = words[2:]
        elif one in honorifics and len(words) > 1:
            words = words[1:]
        else:
            break
    name = _SUFFIXES.sub("", " ".join(words))
    return name.title() if name.isupper() and len(name) > 3 else name  # "JOSEPH R. BIDEN JR." in a signature


def initialisms(name: str) -> set[str]:
    """Acronyms a long name may go by: initials of its major words, with and without minor words.

    "Revolutionary Armed Forces of Colombia" gives RAFC and RAFOC; acronyms that reorder the words
    (FARC, from the Spanish) are matched by :func:`acronym_fits` instead.
    """
    words = [w for w in re.split(r"[\s\-/]+", name) if w]
    major = "".join(w[0] for w in words if w.lower() not in _MINOR and w[0].isalnum())
    every = "".join(w[0] for w in words if w[0].isalnum())
    return {major.upper(), every.upper()} - {""}


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is made of the initials of ``name``'s major words, in any order.

    Sorted letters must agree exactly; this catches acronyms of a translated name ("FARC" for the
    Revolutionary Armed Forces of Colombia, from "Fuerzas Armadas Revolucionarias de Colombia").
    """
    letters = re.sub(r"[^A-Za-z]", "", acronym).upper()
    if len(letters) < 2:
        return False
    if letters in initialisms(name):
        return True
    words = [w for w in re.split(r"[\s\-/]+", name) if w and w.lower() not in _MINOR]
    return len(words) == len(letters) and sorted(letters) == sorted(w[0].upper() for w in words)


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and sum(c.isupper() for c in letters) >= 2 and (
        letters.upper() == letters or letters[0].isupper()
    ) and " " not in text


# -- corpus ids --------------------------------------------------------------------------------------
#: Whole-name similarity (rapidfuzz ratio, 0-100) from which two names may be one actor's.
PERSON_CUTOFF, OTHER_CUTOFF = 90.0, 92.0
#: Words shorter than this must be equal: "Ana"/"Ann", "Jong-un"/"Jong-il", "Smith"/"Smyth" differ.
_VARIANT_WORD_LENGTH = 6


def fold(name: str) -> str:
    """A name as spelling variants are compared: its slug with spaces ("kim jong un"); an id's
    part after the type folds to the same string, so stored ids can be compared without their names."""
    return slug(name).replace("-", " ")


def canonical_id(type_: str, name: str) -> str:
    """The id of an actor the knowledge base does not know: ``<type>:<slug of its name>``.

    A pure function of the name, so every process and every run gives the same name the same id;
    spelling variants are joined later, by the single writer (``communique.store._actor_ids``).
    """
    return f"{type_}:{slug(name)}"


def same_actor_name(type_: str, a: str, b: str) -> bool:
    """Whether two folded names (:func:`fold`) are spelling variants of one actor's name.

    rapidfuzz's ratio over the whole name must reach the cutoff (90 for persons, 92 otherwise), the
    names must have as many words, and each pair of words must be equal or, both of at least six
    letters, near-equal (ratio >= 80): "Volodymyr Zelenskiy" = "Volodymyr Zelensky", "Organisation" =
    "Organization", "Mohammad" = "Mohammed"; but "Ana Garcia" != "Ann Garcia", "Kim Jong-un" !=
    "Kim Jong-il", "John Smith" != "John Smyth" (short words that differ are other names, not
    other spellings). Written here because no library decides "variant or namesake" for names.
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return True  # "Al-Qaeda" / "Al Qaeda" / "Alqaeda", "Co-operation" / "Cooperation"
    from rapidfuzz import fuzz

    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or min(len(a), len(b)) < _VARIANT_WORD_LENGTH:
        return False
    if fuzz.ratio(a, b) < (PERSON_CUTOFF if type_ == "person" else OTHER_CUTOFF):
        return False
    return all(
        x == y or min(len(x), len(y)) >= _VARIANT_WORD_LENGTH and fuzz.ratio(x, y) >= 80
        for x, y in zip(words_a, words_b, strict=True)
    )
