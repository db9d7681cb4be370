"""The Sipandu read side: mart tables and the questions the Sipandu pages ask."""
