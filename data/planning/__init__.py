"""The planning read side: mart tables and the questions the planning pages ask."""
