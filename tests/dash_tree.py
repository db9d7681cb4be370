"""Walking a serialised Dash layout (the JSON Dash sends), for tests that look inside one."""


def components(node):
    """Every component in a serialised layout, depth first."""
    if isinstance(node, list):
        for item in node:
            yield from components(item)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from components(node["props"].get("children"))
