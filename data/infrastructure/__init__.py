"""The infrastructure monitoring read side: mart tables and the queries of the pages."""
