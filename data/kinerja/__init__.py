"""The e-Kinerja read side: mart tables (and, later, the questions the e-Kinerja pages ask)."""
