"""Text encodings of the files planners bring: declared, or detected from the bytes.

Chinese GIS data comes in two encodings in practice: UTF-8 (QGIS, ArcGIS Pro,
anything recent) and GBK (ArcMap, CAD and Excel on Chinese Windows, where it is
"ANSI").  A file may say which (a Shapefile's ``.cpg``, the code-page byte of
its ``.dbf`` header, a DXF's ``$DWGCODEPAGE``), or say nothing, or say
something wrong (``LDID/87`` = "ANSI", which GDAL reads as Latin-1).

:func:`detect_encoding` decides from the bytes alone with strict decodes: text
that decodes as UTF-8 is UTF-8 (GBK text practically never does, once it has a
few Chinese characters); otherwise text that decodes as GB18030 (the superset
of GBK and GB2312, :data:`GB18030`) into mostly Chinese characters is GBK.  How
sure it is, is said in :attr:`EncodingGuess.confidence`.  :func:`resolve`
weighs a declaration against the bytes: a declaration is kept unless the bytes
contradict it (then the detected encoding wins, and the guess says so).

Encoding names here are spelt so that both Python's codecs and GDAL (iconv)
understand them: ``"UTF-8"``, ``"GB18030"``, ``"BIG5"``, ``"CP1252"``,
``"ISO-8859-1"``, ``"UTF-16"``.
"""
from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass

import numpy as np

from qxmap.words import Words

UTF8 = "UTF-8"
#: GBK / GB2312 text is read as GB18030, their superset (same bytes for every GBK character).
GB18030 = "GB18030"
BIG5 = "BIG5"
LATIN1 = "ISO-8859-1"
CP1252 = "CP1252"
UTF16 = "UTF-16"

#: Confidence levels, most sure first.
CONFIDENCES = ("certain", "high", "medium", "low")

#: Single-byte Western code pages: a Chinese file declared as one of these is
#: nearly always mislabelled ("ANSI" written by a tool that did not know better).
_WESTERN = {LATIN1, CP1252, "CP437", "CP850", "CP852", "CP866", "CP1250", "CP1251"}

#: dBase language-driver ids (byte 29 of the .dbf header) -> encoding.  The
#: subset that matters here; 0x57 ("ANSI": the writer's Windows code page) and
#: 0x00 (none) say nothing and are left to detection.  Values as in GDAL's
#: shapefile driver (ogrshapelayer.cpp) and the ESRI table.
DBF_LDID = {
    0x01: "CP437", 0x02: "CP850", 0x03: CP1252, 0x58: CP1252, 0x59: CP1252,
    0x4D: GB18030, 0x7A: GB18030,  # 936 Chinese (PRC, GBK)
    0x4F: BIG5, 0x78: BIG5,        # 950 Chinese (Taiwan, Big5)
    0x4E: "CP949", 0x79: "CP949",  # Korean
    0x13: "CP932", 0x7B: "CP932",  # Japanese
    0xC8: "CP1250", 0xC9: "CP1251",
}
#: LDIDs that declare nothing.
DBF_LDID_UNKNOWN = {0x00, 0x57}

_ALIASES = {
    "UTF8": UTF8, "UTF-8": UTF8, "65001": UTF8, "UTF-8-SIG": UTF8, "UTF8BOM": UTF8,
    "GBK": GB18030, "CP936": GB18030, "936": GB18030, "ANSI936": GB18030, "GB2312": GB18030,
    "GB18030": GB18030, "EUC-CN": GB18030, "EUCCN": GB18030, "54936": GB18030, "CP54936": GB18030,
    "MS936": GB18030, "WINDOWS-936": GB18030, "ANSI_936": GB18030,
    "BIG5": BIG5, "CP950": BIG5, "950": BIG5, "ANSI950": BIG5, "ANSI_950": BIG5,
    "88591": LATIN1, "8859-1": LATIN1, "ISO-8859-1": LATIN1, "ISO8859-1": LATIN1, "LATIN1": LATIN1,
    "LATIN-1": LATIN1, "1252": CP1252, "CP1252": CP1252, "ANSI1252": CP1252, "ANSI_1252": CP1252,
    "WINDOWS-1252": CP1252, "UTF-16": UTF16, "UTF16": UTF16,
}


@dataclass(frozen=True)
class EncodingGuess:
    """Which encoding a file's text is read with, and why.

    ``confidence`` is one of :data:`CONFIDENCES` (``"certain"``: given by the
    user, or a byte-order mark); ``how`` says where it came from in words;
    ``declared`` is what the file itself said (``None`` if nothing)."""

    encoding: str
    confidence: str
    how: str
    declared: str | None = None

    @property
    def label(self) -> str:
        """The name to show a user (GB18030 is what GBK files are read as)."""
        return "GBK/GB18030" if self.encoding == GB18030 else self.encoding

    def as_dict(self) -> dict:
        return {"encoding": self.encoding, "label": self.label, "confidence": self.confidence,
                "how": self.how, "declared": self.declared}


def normalize_name(name: str | None) -> str | None:
    """An encoding name as written in a .cpg, a DXF header or by a user -> our
    spelling (``"cp936"`` -> ``"GB18030"``), or None if it names nothing usable
    (empty, ``"System"``, unknown to Python)."""
    if name is None:
        return None
    text = str(name).strip().strip("\x00").upper().replace(" ", "")
    if not text or text in ("SYSTEM", "ANSI", "DEFAULT", "LDID/87", "LDID/0"):
        return None
    if text.startswith("LDID/"):
        try:
            return DBF_LDID.get(int(text[5:]))
        except ValueError:
            return None
    if text in _ALIASES:
        return _ALIASES[text]
    if text.startswith("CP") and text[2:] in _ALIASES:
        return _ALIASES[text[2:]]
    try:
        info = codecs.lookup(text)
    except LookupError:
        return None
    alias = _ALIASES.get(info.name.upper().replace("_", "-"))
    return alias or info.name.upper().replace("_", "-")


def _cjk_share(text: str) -> float:
    """Share of the non-ASCII characters of *text* that are CJK ideographs,
    CJK punctuation or full-width forms (what Chinese text is made of)."""
    arr = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    wide = arr[arr >= 0x80]
    if not len(wide):
        return 1.0
    cjk = (((wide >= 0x4E00) & (wide <= 0x9FFF)) | ((wide >= 0x3400) & (wide <= 0x4DBF))
           | ((wide >= 0x3000) & (wide <= 0x303F)) | ((wide >= 0xFF00) & (wide <= 0xFFEF))
           | ((wide >= 0x2000) & (wide <= 0x206F)) | (wide == 0xB7) | (wide == 0xD7)
           | ((wide >= 0x2460) & (wide <= 0x24FF)) | ((wide >= 0x2160) & (wide <= 0x217F)))
    return float(cjk.mean())


def _bad_share(data: bytes, encoding: str) -> tuple[int, int]:
    """(characters that fail to decode, non-ASCII characters decoded) with errors replaced."""
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    arr = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    return bad, int((arr >= 0x80).sum()) - bad


def detect_encoding(data: bytes) -> EncodingGuess:
    """Guess the encoding of *data* (the text bytes of a file) from the bytes alone.

    UTF-8 and GBK/GB18030 are told apart by strict decodes (see the module
    docstring); a few undecodable characters are tolerated (a text field cut at
    its width in the middle of a character).  Text that is plain ASCII reads
    the same in every encoding (UTF-8, ``"high"``)."""
    if data.startswith(codecs.BOM_UTF8):
        return EncodingGuess(UTF8, "certain", Words("UTF-8 byte-order mark"))
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return EncodingGuess(UTF16, "certain", Words("UTF-16 byte-order mark"))
    arr = np.frombuffer(data, dtype=np.uint8)
    n_high = int((arr >= 0x80).sum())
    if n_high == 0:
        return EncodingGuess(UTF8, "high", Words("plain ASCII text (reads the same in any encoding)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        n_chars = len(text) - (len(data) - n_high)  # non-ASCII characters
        if n_chars >= 4:
            return EncodingGuess(UTF8, "high", Words("valid UTF-8 (%1 non-ASCII characters)", n_chars))
        return EncodingGuess(UTF8, "medium", Words("valid UTF-8, but only %1 non-ASCII character(s)", n_chars))
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        share = _cjk_share(text)
        if share >= 0.9:
            return EncodingGuess(GB18030, "high", Words("not UTF-8; valid GBK with %1 Chinese characters", f"{share:.0%}"))
        if share >= 0.6:
            return EncodingGuess(GB18030, "medium", Words("not UTF-8; valid GBK, %1 Chinese characters", f"{share:.0%}"))
        return EncodingGuess(GB18030, "low", Words("not UTF-8; decodes as GBK but only %1 of it is Chinese", f"{share:.0%}"))
    # Neither decodes cleanly: which one fails least (texts cut mid-character)?
    bad_u, good_u = _bad_share(data, "utf-8")
    bad_g, good_g = _bad_share(data, "gb18030")
    if good_u and bad_u <= max(1, good_u // 50) and bad_u <= bad_g:
        return EncodingGuess(UTF8, "medium", Words("UTF-8 except %1 broken character(s) (text cut mid-character?)", bad_u))
    if good_g and bad_g <= max(1, good_g // 50):
        text = data.decode("gb18030", errors="replace")
        level = "medium" if _cjk_share(text) >= 0.6 else "low"
        return EncodingGuess(GB18030, level, Words("GBK except %1 broken character(s) (text cut mid-character?)", bad_g))
    return EncodingGuess(GB18030, "low", Words("neither valid UTF-8 nor valid GBK; read as GBK, broken characters "
                                               "replaced"))


def resolve(declared: str | None, data: bytes | None, *, where: str = "",
            override: str | None = None) -> EncodingGuess:
    """The encoding to read with: *override* (the user's choice) if given, else
    the file's *declared* encoding (described by *where*, e.g. ``".cpg file"``)
    unless the bytes contradict it, else what :func:`detect_encoding` finds in
    *data*.  *declared* may be any spelling (:func:`normalize_name`)."""
    if override:
        name = normalize_name(override)
        if name is None:
            raise ValueError(Words("unknown encoding '%1'", override))
        return EncodingGuess(name, "certain", Words("chosen by the user"), declared=declared)
    name = normalize_name(declared)
    if data is None:
        if name:
            return EncodingGuess(name, "high", Words("declared in the %1", where), declared=declared)
        return EncodingGuess(UTF8, "low", Words("nothing declared and no text to look at"), declared=declared)
    detected = detect_encoding(data)
    if name is None:
        if declared:
            return EncodingGuess(detected.encoding, detected.confidence,
                                 Words("the %1 says '%2', which names no usable encoding; detected: %3",
                                       where, declared, detected.how), declared=declared)
        return detected
    if detected.how.startswith("plain ASCII"):
        return EncodingGuess(name, "high", Words("declared in the %1 (text is plain ASCII)", where), declared=declared)
    if name == detected.encoding or name == UTF16:
        return EncodingGuess(name, "certain" if detected.confidence in ("certain", "high") else "high",
                             Words("declared in the %1; the bytes agree", where), declared=declared)
    # The bytes disagree with the declaration.
    try:
        data.decode(name)
        decodes = True
    except (UnicodeDecodeError, LookupError):
        decodes = False
    if name in _WESTERN and detected.confidence in ("high", "medium", "certain"):
        return EncodingGuess(detected.encoding, detected.confidence,
                             Words("the %1 says %2, but the text is %3", where, name, detected.how), declared=declared)
    if not decodes and detected.confidence in ("high", "medium", "certain"):
        return EncodingGuess(detected.encoding, "medium",
                             Words("the %1 says %2, but the text is not valid %2; %3", where, name, detected.how),
                             declared=declared)
    if name == GB18030 and detected.encoding == UTF8 and detected.confidence == "high":
        return EncodingGuess(UTF8, "medium", Words("the %1 says %2, but the text is %3", where, name, detected.how),
                             declared=declared)
    return EncodingGuess(name, "medium", Words("declared in the %1 (the bytes would also fit %2)", where,
                                               detected.label), declared=declared)


# --------------------------------------------------------------------------
# dBase (.dbf) text


def dbf_code_page(header: bytes) -> tuple[int | None, str | None]:
    """(language-driver byte, encoding it declares or None) of a .dbf header."""
    if len(header) < 32:
        return None, None
    ldid = header[29]
    if ldid in DBF_LDID_UNKNOWN:
        return ldid, None
    return ldid, DBF_LDID.get(ldid)


def dbf_text(data: bytes, max_records: int | None = None) -> bytes:
    """The bytes of a .dbf's field names and character fields (joined by
    newlines), the text whose encoding matters; numbers and padding left out.
    Vectorised over records (numpy); *data* is the file (or its first part)."""
    if len(data) < 32:
        return b""
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    names: list[bytes] = []
    text_fields: list[tuple[int, int]] = []
    offset = 1  # the deletion flag
    pos = 32
    while pos + 32 <= min(header_len, len(data)) and data[pos] != 0x0D:
        desc = data[pos:pos + 32]
        names.append(desc[:11].split(b"\x00", 1)[0])
        ftype = chr(desc[11])
        length = desc[16]
        if ftype == "C":
            length |= desc[17] << 8  # long character fields use the decimal-count byte too
            text_fields.append((offset, length))
        offset += length
        pos += 32
    parts = [b"\n".join(names)]
    if text_fields and record_len > 0 and header_len < len(data):
        available = (len(data) - header_len) // record_len
        n = min(n_records, available) if n_records else available
        if max_records is not None:
            n = min(n, max_records)
        if n > 0:
            records = np.frombuffer(data, dtype=np.uint8, count=n * record_len,
                                    offset=header_len).reshape(n, record_len)
            # A field at a time (each value ends its line, so a character cut at the field's
            # width stays broken); padding (spaces, NULs) carries no information and is dropped.
            for off, length in text_fields:
                if off + length <= record_len:
                    lines = np.empty((n, length + 1), dtype=np.uint8)
                    lines[:, :length] = records[:, off:off + length]
                    lines[:, length] = 0x0A
                    parts.append(lines.tobytes().translate(None, b" \x00"))
    return b"\n".join(parts)
