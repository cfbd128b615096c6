"""Words that tell a run of capitalised words apart: an organisation ("Annapurna Labs") or the
title before a person's name ("Dr", "Mme"), folded, in the encoder's Latin-script languages.
Used by :mod:`rag.answer.spans` to read names."""

from __future__ import annotations

#: Last words that make a run of capitalised words an organisation ("Annapurna Labs", "Amazon Web
#: Services", "Bain & Co."), folded, in the encoder's Latin-script languages.
ORGANISATION_WORDS = frozenset("""
    labs lab laboratories inc corp corporation co company companies ltd llc plc gmbh ag sa sas sarl spa srl bv nv se
    group groupe grupo gruppe gruppo holding holdings services systems technologies technology tech capital partners
    associates associes ventures networks software industries international bank banque banco bank foundation
    fondation fundacion stiftung institute institut instituto university universite universidad universitat
    universita college school ecole hospital hopital clinic clinique museum musee cloud ai research media news times
    journal post press agency agence agencia council conseil ministry ministere commission committee comite party
    parti club team fund fonds energy motors airlines airways pharma entertainment studios games electronics
    semiconductor semiconductors computing robotics devices instruments
""".split())
#: Words that announce a person's name: titles, in the encoder's Latin-script languages (folded, no dot).
TITLES = frozenset("""
    mr mrs ms miss dr prof sir dame m mme mlle monsieur madame docteur professeur maitre me sr sra srta senor senora
    don dona herr frau signor signora sig dott sgt gen col capt president presidente ceo pdg
""".split())
#: Words that make a run of capitalised words a street or a square ("Quay Street", "rue Victor Hugo",
#: "Karl-Marx-Straße"), after or before it, folded, in the encoder's Latin-script languages.
STREET_WORDS = frozenset("""
    street st road rd avenue ave lane boulevard blvd square drive quay terrace rue allee chemin quai impasse cours
    route strasse str platz gasse damm ufer calle avenida plaza paseo camino carretera via viale piazza corso vicolo
    rua praca travessa estrada straat laan plein gracht kade
""".split())
