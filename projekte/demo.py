"""Demo content of the projekte plugin (filled in by projekte.demo_content)."""


def load(stdout) -> dict[str, int]:
    return {}
