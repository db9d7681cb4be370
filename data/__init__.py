"""The read side: mart tables in the warehouse and the query functions the pages call.

Query functions take the app's services, the viewer (role and scope) and filters, and return
DataFrames or dicts; results are cached per mart version (see cache.py).
"""
