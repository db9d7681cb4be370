"""The incidents (Command Center 112) read side: mart tables and the queries of the pages."""
