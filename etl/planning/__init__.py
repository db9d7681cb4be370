"""The planning ETL: proposal snapshots -> the planning marts."""
