"""Open311 GeoReport v2 for the complaints module (the endpoints are in http/open311.py).

    formats.py   the same payload as JSON or XML (xml.etree), spec errors, W3C datetimes
    records.py   complaints and categories as GeoReport records; POST form -> ComplaintIntake
    openapi.py   the hand-written OpenAPI 3.1 description of /open311/v2/ and the webhook
"""
