"""The staff registry: every civil servant and contract worker of the city's OPDs, his NIP, OPD,
unit, position and supervisor (the hierarchy e-Kinerja's approvals and e-Office's dispositions
follow), and the Pantau user he signs in as."""
