"""``python -m contracts``: regenerate the committed schemas from the models."""

from contracts.generate import write

for path in write():
    print(f"wrote {path}")
