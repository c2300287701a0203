"""A recording's captions where the audience's questions are answered, and the chat and Q&A
report that ask them, for the tests of chapters/chat/answers.py and the pages showing them.

Chapters of the built-in webinar (tests/support/webinar.py): capa-cite 24:05–40:25,
regies-de-quartier 55:34–1:10:00, fleurs-d-halage 1:10:00–1:29:40.
"""

from __future__ import annotations

# Zoom's saved chat (the old layout): Jane's question at 31:40 (capa-cite), answered at 33:05
# with her name read out; Karim's at 45:10, answered at 57:30 with its words alone; Lina's at
# 50:00, never answered; Jane's hello is no question.
CHAT = (
    "00:20:00\t From  Jane Moreau : Bonjour à tous\n"
    "00:31:40\t From  Jane Moreau : Comment financer la formation des salariés en insertion ?\n"
    "00:45:10\t From  Karim Bensaïd : Les régies de quartier recrutent-elles des bénévoles ?\n"
    "00:50:00\t From  Lina : Où trouver le replay ?\n"
)
ASKED = {"Jane Moreau": 1900.0, "Karim Bensaïd": 2710.0, "Lina": 3000.0}
ANSWERED = {"Jane Moreau": 1985.0, "Karim Bensaïd": 3450.0, "Lina": None}

# Zoom's Q&A report: Hugo's question at 1:12:00, answered live (marked so at 1:16:00) and
# heard at 1:16:10; a written answer for Sophie's, which nobody reads out.
QA = (
    "Question and Answer Report\n"
    "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Question\n"
    "\"Industrie\",\"812 3456 7890\",\"May 4, 2021 10:00:00\",\"100\",\"2\"\n"
    "Question Details\n"
    "#,Question,Asker Name,Asker Email,Answer(s),Answered By,Question Time,Answer Time\n"
    "1,\"Quelle surface pour une serre de fleurs ?\",\"Hugo Petit\",\"hugo@example.org\",\"live answered\","
    "\"Marc\",\"May 4, 2021 11:12:00\",\"May 4, 2021 11:16:00\"\n"
    "2,\"Le CQP est-il reconnu partout ?\",\"Sophie\",\"sophie@example.org\",\"Oui, dans toute la branche.\","
    "\"Marc\",\"May 4, 2021 11:20:00\",\"May 4, 2021 11:21:00\"\n"
)
LIVE_HEARD = 4570.0

# (start, end, voice, text): what is said, with the cues that must not be taken for answers.
CUES = [
    (1890.0, 1894.0, "Cédric Hervé", "Nos ateliers forment les salariés chaque semaine."),
    (1950.0, 1954.0, "Cédric Hervé", "Nous avons aussi une boulangerie solidaire."),
    (1985.0, 1990.0, "Cédric Hervé", "Jane, pour répondre à votre question sur la formation :"),
    (1991.0, 1996.0, "Cédric Hervé", "le financement passe par l'OPCO et la région."),
    (2100.0, 2104.0, None, "La formation des salariés est financée par l'OPCO."),
    (3400.0, 3404.0, None, "Les régies emploient des habitants du quartier."),
    (3450.0, 3454.0, None, "Les régies de quartier accueillent aussi des bénévoles,"),
    (3455.0, 3459.0, None, "et elles recrutent surtout dans le quartier."),
    (4400.0, 4404.0, None, "Nous parlerons tout à l'heure de la surface des serres de fleurs."),
    (4570.0, 4575.0, None, "Pour la surface, une serre de fleurs demande mille mètres carrés."),
]
