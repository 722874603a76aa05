from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pins(name):
    lines = (ROOT / name).read_text().splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith(" "))


def test_runtime_lock_pins_the_same_versions_as_the_dev_lock():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {name: dev[name] for name in runtime} == runtime
