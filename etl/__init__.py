"""ETL: reads the change log past its watermark and upserts the marts in the warehouse."""
