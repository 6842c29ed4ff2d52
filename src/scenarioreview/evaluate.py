"""``python -m scenarioreview.evaluate``: the documented entry point; the code lives in scenarioreview.training."""

from .training.evaluate import main

if __name__ == "__main__":
    main()
