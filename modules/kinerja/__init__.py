"""e-Kinerja (`kinerja`): civil servants' daily activities, their supervisor's approval, the monthly
lock and the quarterly score (PermenPANRB 6/2022; Surabaya's e-Performance: 80 % work, 20 %
competence). The write side:

    models.py       activities, their evidence photos, the closed months, the quarterly scores
    workflow.py     the one table of an activity's steps and who takes them
    checks.py       an activity form's fields, checked before anything is written
    links.py        what an activity served (a sub kegiatan of the plan, a complaint, an incident,
                    a letter) and whether it exists
    access.py       who reads, edits and decides what (the staff hierarchy and the viewer's scope)
    service.py      the only writer: drafts, submit, decide many, close a month, score a quarter
    suggestions.py  the cases a person acted on in a day, from the change log: one-click reports
    scores.py       minutes per working day, the approval backlog, the quarter's score and band
    reads.py        what the API shows; snapshot.py / extract.py the change-log payloads

Built on the staff registry (modules/staff): a Pantau user acts in e-Kinerja through the staff
record linked to him.
"""
