#!/usr/bin/env python3
"""Build the samples of other treaties and languages — independently of resamend.

Each sample is a small Word draft in the house convention (new text
underlined, deleted text struck through), written in the published forms of
its treaty and language: headings, revision tags, history lines and
footnotes, convention notes, enacting formulas and document symbols as cited
in ``src/resamend/treaties/*.json`` and in ``samples/README.md``.  The
amendments themselves are illustrative (a few words changed in real
paragraphs); the French and Spanish CMS paragraphs are our translation of the
English sample.

Like ``build_samples.py`` (whose packaging helpers it uses) this does not
import resamend, and the output is deterministic.

Usage
    python samples/build_treaty_samples.py          # writes into samples/
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_samples as bs  # noqa: E402  (the sibling script: packaging helpers)

_MARK = re.compile(r"\{\+\+(.*?)\+\+\}|\{--(.*?)--\}")


def runs(text: str, lang: str, bold: bool = False) -> str:
    """Runs for one paragraph written with {++new++} and {--deleted--}:
    underline for new text, strike-through for deleted text."""
    out = []
    pos = 0
    base = ("<w:b/>" if bold else "") + f'<w:lang w:val="{lang}"/>'

    def run(t: str, rpr: str) -> str:
        return f"<w:r><w:rPr>{rpr}</w:rPr>{bs.text_children(t)}</w:r>"

    for m in _MARK.finditer(text):
        if m.start() > pos:
            out.append(run(text[pos:m.start()], base))
        if m.group(1) is not None:
            out.append(run(m.group(1), base.replace("<w:lang", '<w:u w:val="single"/><w:lang')))
        else:
            out.append(run(m.group(2), base.replace("<w:lang", "<w:strike/><w:lang")))
        pos = m.end()
    if pos < len(text):
        out.append(run(text[pos:], base))
    return "".join(out)


def write_docx(path: Path, paragraphs: list[str], lang: str) -> None:
    body = []
    for index, para in enumerate(paragraphs):
        bold = para.startswith("**")
        text = para[2:] if bold else para
        body.append(f"<w:p {bs.para_ids(path.stem, index)}>{runs(text, lang, bold)}</w:p>")
    symbol = paragraphs[0] if "/" in paragraphs[0] or " Doc. " in paragraphs[0] else ""
    title = re.sub(r"[*{}+\-]", "", paragraphs[1 if symbol else 0]).strip()
    bs.package(path, body, title, symbol, bs.Part())


# --------------------------------------------------------------------------
# The samples (sources: samples/README.md, "Treaties and languages")

SAMPLES: dict[str, tuple[str, list[str]]] = {
    # A CITES CoP document whose annex is headed in capitals, title on the line
    "cites-cop20-doc-annex-conf-10.10.docx": ("en-GB", [
        "CoP20 Doc. 66.1",
        "CONVENTION ON INTERNATIONAL TRADE IN ENDANGERED SPECIES OF WILD FAUNA AND FLORA",
        "Trade in elephant specimens",
        "1. This document has been submitted by the Standing Committee.",
        "2. The draft revisions of Resolution Conf. 10.10 (Rev. CoP19) are in the Annex to the present document.",
        "ANNEX",
        "**DRAFT REVISIONS OF RESOLUTION CONF. 10.10 (REV. COP19) ON TRADE IN ELEPHANT SPECIMENS",
        "NB: Proposed new text is underlined. Text proposed for deletion is crossed out.",
        "NOTING that the Asian elephant, Elephas maximus, has been included in Appendix I since 1973;",
        "RECOGNIZING that elephant range States are the best protectors of their elephants{++ and their habitats++};",
        "RECOGNIZING {--that the illegal trade in elephant specimens is an international problem--}"
        "{++that illegal trade in elephant specimens is an international problem++} which requires urgent and "
        "concerted efforts to combat it;",
        "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
        "1. URGES Parties to enhance the security of {--their--}{++government and private++} ivory stocks;",
        "{++2. DIRECTS the Secretariat to report on this Resolution at each regular meeting of the Conference "
        "of the Parties;++}",
        "{--2.--}{++3.++} RECOMMENDS that Parties report seizures of ivory within 90 days.",
    ]),
    # A CITES resolution with its '*' history footnote
    "cites-res-conf-10.10-footnote.docx": ("en-GB", [
        "**Resolution Conf. 10.10 (Rev. CoP19)*",
        "Trade in elephant specimens",
        "NOTING that the Asian elephant, Elephas maximus, has been included in Appendix I since 1973;",
        "RECOGNIZING that elephant range States are the best protectors of their elephants;",
        "THE CONFERENCE OF THE PARTIES TO THE CONVENTION",
        "1. URGES Parties to enhance the security of {--their--}{++government and private++} ivory stocks;",
        "2. RECOMMENDS that Parties report seizures of ivory{++ within 90 days++}.",
        "* Amended at the 11th, 12th, 14th, 15th, 16th, 17th, 18th and 19th meetings of the Conference of the "
        "Parties.",
    ]),
    # AEWA: a history line in the published words, the session as a word
    "aewa-res-1.9-draft.docx": ("en-GB", [
        "AEWA/MOP 8.24",
        "**DRAFT AMENDMENTS TO RESOLUTION 1.9",
        "Amendment of the Annexes to the Agreement",
        "Adopted by the Meeting of the Parties at its First Session (Cape Town, 6-9 November 1999)",
        "RECALLING Article X of the Agreement concerning the procedures to amend the Action Plan and its "
        "Annexes,",
        "The Meeting of the Parties to the Agreement on the Conservation of African-Eurasian Migratory "
        "Waterbirds",
        "1. ADOPTS the proposed amendments to the Action Plan and its Annexes{++ as listed in the annex to this "
        "Resolution++};",
        "2. {--REQUESTS--}{++INSTRUCTS++} the Secretariat to publish the amended Annexes.",
    ]),
    # Ramsar: Roman session numbers, numbered preamble, enacting formula in capitals
    "ramsar-res-x.8-draft.docx": ("en-GB", [
        "**Resolution X.8",
        "The Convention's Programme on communication, education, participation and awareness (CEPA) 2009-2015",
        "1. RECALLING that Resolution VII.9 adopted the Convention's first Outreach Programme for the period "
        "1999-2002;",
        "2. EXPRESSING APPRECIATION for the work done by the Ramsar Secretariat and the CEPA Oversight Panel"
        "{-- that was established under Resolution IX.18 (2005)--};",
        "THE CONFERENCE OF THE CONTRACTING PARTIES",
        "3. ADOPTS the Programme on CEPA {--2009-2015--}{++2009-2017++} annexed to this Resolution;",
        "{++3bis. URGES Contracting Parties to designate their CEPA Focal Points;++}",
        "4. REQUESTS the Secretariat to report on its implementation.",
    ]),
    # CMS in French: French spacing before ; and : kept at the seams
    "cms-res-11.10-fr-draft.docx": ("fr-FR", [
        "UNEP/CMS/COP14/Doc.18.1",
        "**Résolution 11.10 (Rev.COP13)",
        "SYNERGIES ET PARTENARIATS",
        "NB : Le nouveau texte proposé est souligné. Le texte à supprimer est barré.",
        "Rappelant la Résolution 10.21 sur les synergies et les partenariats,",
        "La Conférence des Parties à la Convention sur la conservation des espèces migratrices appartenant à la "
        "faune sauvage",
        "1. Souligne l'importance des synergies {--entre les conventions--} ;",
        "2. Prie le Secrétariat : {++d'urgence++} de renforcer la coopération{++ avec l'IPBES++} ;",
        "3. Invite les Parties à « {--appuyer--}{++soutenir++} » ces efforts.",
    ]),
    # CMS in Spanish
    "cms-res-11.10-es-draft.docx": ("es-ES", [
        "UNEP/CMS/COP14/Doc.18.1",
        "**Resolución 11.10 (Rev.COP13)",
        "SINERGIAS Y ASOCIACIONES",
        "NB: El nuevo texto propuesto aparece subrayado. El texto que se propone suprimir aparece tachado.",
        "Recordando la Resolución 10.21 sobre sinergias y asociaciones,",
        "La Conferencia de las Partes en la Convención sobre la Conservación de las Especies Migratorias de "
        "Animales Silvestres",
        "1. Subraya la importancia de las sinergias{-- entre las convenciones--};",
        "{++2. Pide a la Secretaría que refuerce la cooperación con la IPBES;++}",
        "{--2.--}{++3.++} Invita a las Partes a apoyar estos esfuerzos.",
    ]),
    # CBD in Russian: a draft decision (no number yet), enacting formula in Russian
    "cbd-cop10-l48-ru-draft.docx": ("ru-RU", [
        "UNEP/CBD/COP/10/L.48",
        "КОНФЕРЕНЦИЯ СТОРОН КОНВЕНЦИИ О БИОЛОГИЧЕСКОМ РАЗНООБРАЗИИ",
        "Десятое совещание",
        "Нагоя, Япония, 18-29 октября 2010 года",
        "Проект решения, представленный Председателем Контактной группы по бюджету",
        "Конференция Сторон Конвенции о биологическом разнообразии",
        "1. выражает признательность Канаде в качестве принимающей страны за ее {--расширившуюся--}"
        "{++неизменную++} поддержку секретариата;",
        "2. приветствует взнос Японии{++, Президента Конференции Сторон,++} в поддержку осуществления "
        "Стратегического плана.",
    ]),
}


def main() -> None:
    for name, (lang, paragraphs) in SAMPLES.items():
        write_docx(HERE / name, paragraphs, lang)
        print(name)


if __name__ == "__main__":
    main()
